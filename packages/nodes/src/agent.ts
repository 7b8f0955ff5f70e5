// A tool-calling loop: the model answers or asks for tools (the handles connected to its Tools input),
// the agent runs them and hands back their results, until the model answers or the step limit is
// reached. Each tool call is a sub-step of the trace.
import {
  collectToolHandles,
  defineNode,
  type ModelAttempt,
  type ModelMessage,
  type ModelUsage,
  type NodeContext,
  type ToolCall,
  type ToolHandle,
} from "@switchyard/engine";
import { z } from "zod";
import { agentApprovalFields, approveToolCall, needsApproval } from "./agent-approval";
import {
  callSettings,
  conversation,
  fallbacksSchema,
  modelTargetSchema,
  requestSettings,
  streamSchema,
  systemPromptSchema,
} from "./model-target";

/** Tool results longer than this are cut before they go back to the model (and into the trace). */
const MAX_RESULT_CHARS = 50_000;

const configSchema = modelTargetSchema.extend({
  system: systemPromptSchema,
  /** Model turns at most; an agent still calling tools after the last one fails rather than loop on. */
  maxSteps: z.number().int().min(1).max(50).default(8).meta({ title: "Max model turns" }),
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

async function runTool(
  call: ToolCall,
  tools: Map<string, ToolHandle>,
  context: Pick<NodeContext<AgentConfig>, "signal" | "recordStep">,
  args: unknown = call.arguments,
) {
  const startedAt = Date.now();
  const tool = tools.get(call.name);
  let result: unknown;
  let error: string | undefined;
  try {
    if (!tool) throw new Error(`there is no tool named "${call.name}"; available: ${[...tools.keys()].join(", ") || "none"}`);
    result = capResult(await tool.invoke(args, { signal: context.signal }));
  } catch (caught) {
    context.signal.throwIfAborted();
    error = caught instanceof Error ? caught.message : String(caught);
  }
  context.recordStep({
    kind: "tool",
    name: call.name,
    status: error === undefined ? "SUCCEEDED" : "FAILED",
    input: { arguments: args },
    output: error === undefined ? { result } : null,
    ...(error !== undefined && { error }),
    startedAt,
    finishedAt: Date.now(),
  });
  // a failed tool is reported to the model, which may try differently; it does not fail the agent
  const message: ModelMessage =
    error === undefined
      ? { role: "tool", toolCallId: call.id, toolName: call.name, result }
      : { role: "tool", toolCallId: call.id, toolName: call.name, result: error, isError: true };
  return message;
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
  async execute({ config, inputs, services, signal, emit, nodeId, recordStep, waitFor, savedState }) {
    const handles = collectToolHandles(inputs.tools ?? []);
    const tools = new Map<string, ToolHandle>();
    for (const handle of handles) {
      if (tools.has(handle.name)) throw new Error(`two connected tools are named "${handle.name}"; tool names must be unique`);
      tools.set(handle.name, handle);
    }
    const definitions = handles.map(({ name, description, parameters }) => ({ name, description, parameters }));
    const state: AgentState = (savedState as AgentState | undefined) ?? {
      messages: conversation(inputs),
      turn: 0,
      attempts: [],
      pending: [],
      calls: 0,
    };

    for (;;) {
      while (state.pending.length) {
        const call = state.pending[0]!;
        const tool = tools.get(call.name);
        let message: ModelMessage;
        if (needsApproval(tool, config)) {
          // pauses the run here until answered; the state saved is exactly where to pick up
          const decision = approveToolCall(call, tool!, config, { key: `call-${state.calls + 1}`, state, waitFor, recordStep });
          message =
            "args" in decision
              ? await runTool(call, tools, { signal, recordStep }, decision.args)
              : { role: "tool", toolCallId: call.id, toolName: call.name, result: decision.rejected, isError: true };
        } else message = await runTool(call, tools, { signal, recordStep });
        state.messages.push(message);
        state.pending.shift();
        state.calls++;
      }
      if (state.turn >= config.maxSteps)
        throw Object.assign(new Error(`the agent reached its limit of ${config.maxSteps} model turns while still calling tools`), {
          attempts: state.attempts,
        });
      state.turn++;
      const response = await services.models.generate(
        {
          credentialId: config.credentialId,
          model: config.model,
          fallbacks: config.fallbacks,
          ...requestSettings(config),
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
          detail: { modelTurns: state.turn, tools: [...tools.keys()] },
          note: `Answered after ${state.turn} model turn${state.turn === 1 ? "" : "s"}`,
        };
      state.messages.push({ role: "assistant", content: response.text, toolCalls: response.toolCalls });
      state.pending = [...response.toolCalls];
    }
  },
});
