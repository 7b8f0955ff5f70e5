// Turns one finished run, as the worker persisted it, into spans: one trace per run, a span per step
// (sub-steps under their node) and per model attempt, with start and end times taken from the
// recorded steps rather than from when the spans happen to be built.
import { createHash } from "node:crypto";
import { ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type Attributes, type Context, type Span, type Tracer } from "@opentelemetry/api";
import type { RunRecord, StepRow } from "@switchyard/db";
import { ERROR_TYPE, GEN_AI, OPERATION, providerName, SWITCHYARD } from "./attributes";
import { inputMessages, jsonText, outputMessages } from "./contents";

/** What the run's row does not hold but a trace viewer wants to show. */
export interface RunLabels {
  botName?: string;
  version?: number | null;
  deploymentSlug?: string | null;
}

export interface RunSpanOptions {
  /** Prompts, replies, tool arguments and results go into the spans only when the workspace turned this on. */
  includeContents: boolean;
}

interface Attempt {
  startedAt: number;
  latencyMs: number;
  error?: string;
  target?: string;
  member?: string;
}

const TOOL_TYPES = new Set(["tool", "http-request"]);

/** "OPENAI gpt-4o-mini (Key A)" → kind and model. */
function parseTarget(target: string | undefined): { kind: string; model: string } | null {
  const match = target?.match(/^([A-Z_]+) (.+?)(?: \(.*\))?$/);
  return match ? { kind: match[1]!, model: match[2]! } : null;
}

/**
 * A conversation key holds a widget's session token; the trace gets a digest that groups turns without
 * revealing it. Turns of one conversation come again and again, so the digests are kept (a bounded
 * map, emptied when full) rather than hashed per run.
 */
const digests = new Map<string, string>();
function conversationId(sessionId: string): string {
  let digest = digests.get(sessionId);
  if (digest === undefined) {
    if (digests.size >= 4_096) digests.clear();
    digest = createHash("sha256").update(sessionId).digest("hex").slice(0, 32);
    digests.set(sessionId, digest);
  }
  return digest;
}

function fail(span: Span, type: string, message: string | null | undefined) {
  span.setStatus({ code: SpanStatusCode.ERROR, ...(message && { message }) });
  span.setAttribute(ERROR_TYPE, type);
}

function operationOf(step: StepRow): string | undefined {
  if (TOOL_TYPES.has(step.nodeType)) return OPERATION.tool;
  if (step.nodeType === "retrieve") return OPERATION.retrieval;
  if (step.nodeType === "agent") return OPERATION.agent;
  if (step.provider) return OPERATION.chat;
  return undefined;
}

/** The tool a tool step called: `agent/tool-1:get_weather` → `get_weather`. */
const toolName = (step: StepRow) => (step.nodeId.includes(":") ? step.nodeId.slice(step.nodeId.indexOf(":") + 1) : step.nodeId);

/** `execute_tool get_weather`, `chat gpt-4o-mini`, or the node's type and id for steps that are neither. */
function spanName(step: StepRow, operation: string | undefined): string {
  if (operation === OPERATION.tool) return `${operation} ${toolName(step)}`;
  if (operation && step.model) return `${operation} ${step.model}`;
  return `${step.nodeType} ${step.nodeId}`;
}

function stepAttributes(step: StepRow, operation: string | undefined, firstRequested: string | undefined, options: RunSpanOptions) {
  const attributes: Attributes = { [SWITCHYARD.nodeId]: step.nodeId, [SWITCHYARD.nodeType]: step.nodeType };
  // a step that succeeded says so by its span's status (unset); any other outcome is named
  if (step.status !== "SUCCEEDED") attributes[SWITCHYARD.status] = step.status;
  if (operation) attributes[GEN_AI.operationName] = operation;
  if (step.provider) {
    const provider = providerName(step.provider);
    attributes[GEN_AI.providerName] = provider;
    attributes[GEN_AI.system] = provider;
    const requested = firstRequested ?? step.model;
    if (requested) attributes[GEN_AI.requestModel] = requested;
    attributes[GEN_AI.inputTokens] = step.tokensIn;
    attributes[GEN_AI.outputTokens] = step.tokensOut;
    attributes[SWITCHYARD.costUsd] = step.costUsd;
    attributes[SWITCHYARD.attempts] = step.attempts;
    if (step.status === "SUCCEEDED" && step.model) attributes[GEN_AI.responseModel] = step.model;
  }
  if (operation === OPERATION.tool) attributes[GEN_AI.toolName] = toolName(step);
  const note = step.detail?.note;
  if (typeof note === "string") attributes[SWITCHYARD.note] = note;
  if (options.includeContents) {
    if (operation === OPERATION.tool) {
      attributes[GEN_AI.toolCallArguments] = jsonText(step.input);
      if (step.output) attributes[GEN_AI.toolCallResult] = jsonText(step.output);
    } else if (step.provider && "prompt" in step.input) {
      attributes[GEN_AI.inputMessages] = inputMessages(step.input.history, step.input.prompt);
      if (step.output && "text" in step.output) attributes[GEN_AI.outputMessages] = outputMessages(step.output.text);
    } else {
      attributes[SWITCHYARD.input] = jsonText(step.input);
      if (step.output) attributes[SWITCHYARD.output] = jsonText(step.output);
    }
  }
  return attributes;
}

function recordAttempts(tracer: Tracer, parent: Span, attempts: Attempt[], targets: ReturnType<typeof parseTarget>[]) {
  const context = trace.setSpan(ROOT_CONTEXT, parent);
  attempts.forEach((attempt, index) => {
    const target = targets[index];
    const attributes: Attributes = { [GEN_AI.operationName]: OPERATION.chat, [SWITCHYARD.attemptNumber]: index + 1 };
    if (target) {
      const provider = providerName(target.kind);
      attributes[GEN_AI.providerName] = provider;
      attributes[GEN_AI.system] = provider;
      attributes[GEN_AI.requestModel] = target.model;
      if (!attempt.error) attributes[GEN_AI.responseModel] = target.model;
    }
    if (attempt.member) attributes[SWITCHYARD.poolMember] = attempt.member;
    const span = tracer.startSpan(
      target ? `chat ${target.model}` : (attempt.target ?? "chat"),
      { kind: SpanKind.CLIENT, startTime: attempt.startedAt, attributes },
      context,
    );
    if (attempt.error) fail(span, "provider_error", attempt.error);
    span.end(attempt.startedAt + attempt.latencyMs);
  });
}

/** `parent`: the context holding the span the step hangs under (one per parent, not one per step). */
function recordStep(tracer: Tracer, parent: Context, step: StepRow, options: RunSpanOptions): Span {
  const operation = operationOf(step);
  const attempts = Array.isArray(step.detail?.attempts) ? (step.detail.attempts as Attempt[]) : [];
  // parsed once: the first one names the requested model, each its attempt's span
  const targets = attempts.map((attempt) => parseTarget(attempt.target));
  const span = tracer.startSpan(
    spanName(step, operation),
    {
      kind: operation === OPERATION.chat ? SpanKind.CLIENT : SpanKind.INTERNAL,
      startTime: step.startedAt,
      attributes: stepAttributes(step, operation, targets[0]?.model, options),
    },
    parent,
  );
  if (step.status === "FAILED" || step.status === "CANCELLED") fail(span, step.status.toLowerCase(), step.error);
  if (attempts.length) recordAttempts(tracer, span, attempts, targets);
  return span;
}

/** Records the run's spans on `tracer`; they are ended (with their recorded end times) before this returns. */
export function recordRunSpans(
  tracer: Tracer,
  run: RunRecord,
  steps: readonly StepRow[],
  labels: RunLabels,
  options: RunSpanOptions,
): void {
  const input = (run.input ?? {}) as { message?: unknown; history?: unknown };
  const attributes: Attributes = {
    [GEN_AI.operationName]: OPERATION.workflow,
    [SWITCHYARD.workspaceId]: run.workspaceId,
    [SWITCHYARD.runId]: run.id,
    [SWITCHYARD.runSource]: run.source,
    [SWITCHYARD.status]: run.status,
    [SWITCHYARD.botId]: run.botId,
    [GEN_AI.inputTokens]: run.tokensIn,
    [GEN_AI.outputTokens]: run.tokensOut,
    [SWITCHYARD.costUsd]: run.costUsd,
  };
  if (labels.botName) attributes[GEN_AI.workflowName] = attributes[SWITCHYARD.botName] = labels.botName;
  if (run.botVersionId) attributes[SWITCHYARD.versionId] = run.botVersionId;
  if (labels.version != null) attributes[SWITCHYARD.version] = labels.version;
  if (run.deploymentId) attributes[SWITCHYARD.deploymentId] = run.deploymentId;
  if (labels.deploymentSlug) attributes[SWITCHYARD.deploymentSlug] = labels.deploymentSlug;
  if (run.sessionId) attributes[GEN_AI.conversationId] = conversationId(run.sessionId);
  if (options.includeContents) {
    attributes[GEN_AI.inputMessages] = inputMessages(input.history, input.message);
    const output = run.output as { text?: unknown } | null;
    if (output && "text" in output) attributes[GEN_AI.outputMessages] = outputMessages(output.text);
  }
  const root = tracer.startSpan(
    `${OPERATION.workflow} ${labels.botName ?? run.botId}`,
    { kind: SpanKind.INTERNAL, startTime: run.startedAt, attributes, root: true },
    ROOT_CONTEXT,
  );
  if (run.status === "FAILED" || run.status === "CANCELLED") fail(root, run.status.toLowerCase(), run.error);

  // nodes first, so the sub-steps an agent, router or ensemble recorded can hang under them
  const rootContext = trace.setSpan(ROOT_CONTEXT, root);
  const nodes = new Map<string, Span>();
  const ends: Array<[Span, number]> = [];
  const parentOf = (step: StepRow) => step.detail?.parentId;
  let nested = false;
  for (const step of steps)
    if (typeof parentOf(step) !== "string") {
      const span = recordStep(tracer, rootContext, step, options);
      nodes.set(step.nodeId, span);
      ends.push([span, step.finishedAt]);
    } else nested = true;
  if (nested) {
    const contexts = new Map<string, Context>();
    for (const step of steps) {
      const parentId = parentOf(step);
      if (typeof parentId !== "string") continue;
      let parent = contexts.get(parentId);
      if (!parent) {
        const node = nodes.get(parentId);
        contexts.set(parentId, (parent = node ? trace.setSpan(ROOT_CONTEXT, node) : rootContext));
      }
      ends.push([recordStep(tracer, parent, step, options), step.finishedAt]);
    }
  }
  for (const [span, at] of ends) span.end(at);
  root.end(run.finishedAt ?? Date.now());
}
