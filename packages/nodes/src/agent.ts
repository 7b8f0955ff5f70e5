// A tool-calling loop: the model answers or asks for tools (the handles connected to its Tools input),
// the agent runs them and hands back their results, until the model answers or the step limit is
// reached. Each tool call is a sub-step of the trace. Tool results go back marked as data (see
// untrusted-content.ts) and the owner's limits (agent-limits.ts) hold whatever the model asks for.
import {
  ApprovedCallUnknownError,
  collectToolHandles,
  defineNode,
  RunPausedSignal,
  withCallTrail,
  type ModelAttempt,
  type ModelMessage,
  type ModelUsage,
  type NodeContext,
  type EngineServices,
  type SubStep,
  type ToolCall,
  type ToolDefinition,
  type ToolHandle,
  type ToolSource,
} from "@switchyard/engine";
import { z } from "zod";
import { agentApprovalFields, approveToolCall, needsApproval } from "./shared/agent-approval";
import { agentLimitFields, createLimitGuard, permittedTools, type LimitCounters } from "./shared/agent-limits";
import {
  callSettings,
  conversation,
  fallbacksSchema,
  modelTargetSchema,
  requestSettings,
  streamSchema,
  systemPromptSchema,
} from "./shared/model-target";
import { createDataMarker, systemWithDataRule, type DataMarker } from "./shared/untrusted-content";

/** Tool results longer than this are cut before they go back to the model (and into the trace). */
const MAX_RESULT_CHARS = 50_000;

const configSchema = modelTargetSchema.extend({
  system: systemPromptSchema,
  /** Model turns at most; an agent still calling tools after the last one fails rather than loop on. */
  maxSteps: z.number().int().min(1).max(50).default(8).meta({ title: "Max model turns" }),
  ...agentLimitFields,
  ...callSettings,
  stream: streamSchema,
  fallbacks: fallbacksSchema,
  ...agentApprovalFields,
});
type AgentConfig = z.infer<typeof configSchema>;

function capResult(result: unknown): unknown {
  const text = typeof result === "string" ? result : JSON.stringify(result ?? null);
  if (text.length <= MAX_RESULT_CHARS) return result;
  return `${text.slice(0, MAX_RESULT_CHARS)}… [cut at ${MAX_RESULT_CHARS} characters]`;
}

interface ToolRunContext {
  signal: AbortSignal;
  recordStep: NodeContext<AgentConfig>["recordStep"];
  marker: DataMarker;
  /** Connected but not among the agent's allowed tools: refused without running. */
  withheld: Set<string>;
  /** The time cap passed: the run fails with that reason, not as a tool error. */
  throwIfOverTime: () => void;
  /** Only in the injection suite's eval runs: plants its hostile text in a result. */
  redTeam?: EngineServices["redTeam"];
  /** Every connected tool, as the red team names them in what it plants. */
  definitions: ToolDefinition[];
}

async function runTool(call: ToolCall, tools: Map<string, ToolHandle>, context: ToolRunContext, args: unknown = call.arguments) {
  const startedAt = Date.now();
  const tool = tools.get(call.name);
  let source: ToolSource = {};
  let result: unknown;
  let error: string | undefined;
  try {
    if (context.withheld.has(call.name)) throw new Error(`the tool "${call.name}" is connected but this agent may not call it`);
    if (!tool) throw new Error(`there is no tool named "${call.name}"; available: ${[...tools.keys()].join(", ") || "none"}`);
    const reportSource = (reported: ToolSource) => (source = { ...source, ...reported });
    result = capResult(await tool.invoke(args, { signal: context.signal, reportSource }));
    const red = context.redTeam?.plant(result, { tool: call.name, source, tools: context.definitions });
    if (red?.planted) {
      result = capResult(red.result);
      source = { ...red.source, planted: true };
    }
  } catch (caught) {
    context.throwIfOverTime();
    error = caught instanceof Error ? caught.message : String(caught);
  }
  const provenance = { tool: call.name, ...source };
  context.recordStep({
    kind: "tool",
    name: call.name,
    status: error === undefined ? "SUCCEEDED" : "FAILED",
    input: { arguments: args },
    output: error === undefined ? { result, source: provenance, markedAsData: true } : { source: provenance },
    ...(error !== undefined && { error }),
    startedAt,
    finishedAt: Date.now(),
  });
  // a failed tool is reported to the model, which may try differently; it does not fail the agent
  const message: ModelMessage =
    error === undefined
      ? { role: "tool", toolCallId: call.id, toolName: call.name, result: context.marker.wrap(result, provenance) }
      : { role: "tool", toolCallId: call.id, toolName: call.name, result: error, isError: true };
  return message;
}

/**
 * Runs an approved tool call at most once per run: the run's resume job may be handed out again while
 * an earlier attempt is still making the call, and a person approved one call. A later attempt adopts
 * the first one's result and its trace step; if the first stopped before recording them, the call is
 * reported to the model as failed, not made again (docs/reliability.md, "An approved call happens once").
 */
async function runApprovedTool(
  call: ToolCall,
  tools: Map<string, ToolHandle>,
  context: ToolRunContext,
  args: unknown,
  key: string,
  onceApproved: NodeContext<AgentConfig>["onceApproved"],
): Promise<ModelMessage> {
  if (!onceApproved) return runTool(call, tools, context, args);
  let step: SubStep | undefined;
  const capturing: ToolRunContext = { ...context, recordStep: (sub) => ((step = sub), context.recordStep(sub)) };
  try {
    const made = await onceApproved(key, async () => ({ message: await runTool(call, tools, capturing, args), step: step! }));
    if (!step) context.recordStep(made.step); // adopted: the step as the attempt that made the call recorded it
    return made.message;
  } catch (error) {
    if (!(error instanceof ApprovedCallUnknownError)) throw error;
    const at = Date.now();
    context.recordStep({
      kind: "tool",
      name: call.name,
      status: "FAILED",
      input: { arguments: args },
      output: null,
      error: error.message,
      startedAt: at,
      finishedAt: at,
    });
    const result = `This approved call's outcome is unknown: ${error.message}. Do not retry it; tell the user to check whether it happened.`;
    return { role: "tool", toolCallId: call.id, toolName: call.name, result, isError: true };
  }
}

/** Where the loop stands; saved when a tool call waits for approval, and resumed from. */
interface AgentState {
  messages: ModelMessage[];
  turn: number;
  usage?: ModelUsage;
  attempts: ModelAttempt[];
  /** Tool calls of the last model turn not made yet. */
  pending: ToolCall[];
  /** Tool calls made so far: numbers each call's approval. */
  calls: number;
  /** The data marker's boundary, which the tool results in `messages` were marked with. */
  boundary: string;
  /** The limit guard's counts when the agent paused. */
  limits: LimitCounters;
}

const addUsage = (total: ModelUsage | undefined, usage: ModelUsage): ModelUsage =>
  total
    ? {
        ...usage,
        tokensIn: total.tokensIn + usage.tokensIn,
        tokensOut: total.tokensOut + usage.tokensOut,
        costUsd: total.costUsd + usage.costUsd,
        attempts: total.attempts + usage.attempts,
      }
    : usage;

export const agent = defineNode({
  type: "agent",
  label: "Agent",
  category: "Model",
  description: "Lets a model call the connected tools, step by step, until it can answer.",
  inputs: [
    { name: "prompt", label: "Prompt", type: "text", required: true },
    { name: "history", label: "History", type: "messages" },
    { name: "tools", label: "Tools", type: "tool", multiple: true },
  ],
  outputs: [{ name: "text", label: "Reply", type: "text" }],
  config: configSchema,
  // a person is asked before some tool calls (which ones depends on the tools connected at run time)
  asksPerson: (config) => config.approveTools !== "off" || config.approvalToolNames.length > 0,
  async execute({ config, inputs, services, signal: runSignal, emit, nodeId, recordStep, waitFor, savedState, onceApproved }) {
    const handles = collectToolHandles(inputs.tools ?? []);
    const tools = new Map<string, ToolHandle>();
    for (const handle of handles) {
      if (tools.has(handle.name)) throw new Error(`two connected tools are named "${handle.name}"; tool names must be unique`);
      tools.set(handle.name, handle);
    }
    const { offered, withheld } = permittedTools(handles, config.allowedTools);
    const saved = savedState as AgentState | undefined;
    // a resumed agent keeps its counts (and its data boundary: earlier results in its messages carry it)
    const guard = createLimitGuard(config, runSignal, saved?.limits);
    const signal = guard.signal;
    const marker = createDataMarker(saved?.boundary);
    const describe = ({ name, description, parameters }: ToolHandle): ToolDefinition => ({ name, description, parameters });
    const definitions = offered.map(describe);
    const toolContext: ToolRunContext = {
      signal,
      recordStep,
      marker,
      withheld: new Set(withheld),
      throwIfOverTime: guard.throwIfOverTime,
      redTeam: services.redTeam,
      definitions: handles.map(describe),
    };
    const state: AgentState = saved ?? {
      messages: conversation(inputs),
      turn: 0,
      attempts: [],
      pending: [],
      calls: 0,
      boundary: marker.boundary,
      limits: guard.counters(),
    };
    const safety = () => ({ toolCalls: guard.toolCalls, withheldTools: withheld, dataBoundary: marker.boundary });

    try {
      for (;;) {
        while (state.pending.length) {
          const call = state.pending[0]!;
          const tool = tools.get(call.name);
          let message: ModelMessage;
          // a withheld tool is refused without asking anyone (runTool says why)
          if (!toolContext.withheld.has(call.name) && needsApproval(tool, config)) {
            // pauses the run here until answered; the state saved is exactly where to pick up
            state.limits = guard.counters();
            const key = `call-${state.calls + 1}`;
            const decision = approveToolCall(call, tool!, config, { key, state, waitFor, recordStep });
            message =
              "args" in decision
                ? await runApprovedTool(call, tools, toolContext, decision.args, key, onceApproved)
                : { role: "tool", toolCallId: call.id, toolName: call.name, result: decision.rejected, isError: true };
          } else message = await runTool(call, tools, toolContext);
          state.messages.push(message);
          state.pending.shift();
          state.calls++;
        }
        if (state.turn >= config.maxSteps)
          throw new Error(`the agent reached its limit of ${config.maxSteps} model turns while still calling tools`);
        guard.checkCost(state.usage?.costUsd ?? 0);
        state.turn++;
        const response = await services.models.generate(
          {
            credentialId: config.credentialId,
            model: config.model,
            fallbacks: config.fallbacks,
            ...requestSettings(config),
            // tool results are marked as data, and the model is told so, even before any tool ran
            system: systemWithDataRule(config.system, marker),
            messages: state.messages,
            tools: definitions,
            stream: config.stream,
          },
          { signal, onToken: config.stream ? (text) => emit({ type: "token", nodeId, text }) : undefined },
        );
        state.usage = addUsage(state.usage, response.usage);
        state.attempts.push(...response.attempts);
        if (!response.toolCalls.length)
          return {
            outputs: { text: response.text },
            usage: state.usage,
            attempts: state.attempts,
            detail: { modelTurns: state.turn, tools: [...tools.keys()], ...safety() },
            note: `Answered after ${state.turn} model turn${state.turn === 1 ? "" : "s"}`,
          };
        guard.admitToolCalls(response.toolCalls.length);
        state.messages.push({ role: "assistant", content: response.text, toolCalls: response.toolCalls });
        state.pending = [...response.toolCalls];
      }
    } catch (error) {
      // a pause is not a failure: the engine saves `state` and runs this node again on resumption
      if (error instanceof RunPausedSignal) throw error;
      guard.throwIfOverTime();
      throw withCallTrail(error, { attempts: state.attempts, usage: state.usage });
    }
  },
});
