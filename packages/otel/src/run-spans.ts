// Turns one finished run, as the worker persisted it, into spans: one trace per run, a span per step
// (sub-steps under their node) and per model attempt, with start and end times taken from the
// recorded steps rather than from when the spans happen to be built.
import { createHash } from "node:crypto";
import { ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type Attributes, type Span, type Tracer } from "@opentelemetry/api";
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

/** A conversation key holds a widget's session token; the trace gets a digest that groups turns without revealing it. */
const conversationId = (sessionId: string) => createHash("sha256").update(sessionId).digest("hex").slice(0, 32);

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

/** `execute_tool get_weather`, `chat gpt-4o-mini`, or the node's type and id for steps that are neither. */
function spanName(step: StepRow, operation: string | undefined): string {
  const name = step.nodeId.includes(":") ? step.nodeId.slice(step.nodeId.indexOf(":") + 1) : step.nodeId;
  if (operation === OPERATION.tool) return `${operation} ${name}`;
  if (operation && step.model) return `${operation} ${step.model}`;
  return `${step.nodeType} ${step.nodeId}`;
}

function stepAttributes(step: StepRow, operation: string | undefined, firstRequested: string | undefined, options: RunSpanOptions) {
  const attributes: Attributes = {
    [SWITCHYARD.nodeId]: step.nodeId,
    [SWITCHYARD.nodeType]: step.nodeType,
    [SWITCHYARD.status]: step.status,
  };
  if (operation) attributes[GEN_AI.operationName] = operation;
  if (step.provider) {
    const provider = providerName(step.provider);
    Object.assign(attributes, {
      [GEN_AI.providerName]: provider,
      [GEN_AI.system]: provider,
      [GEN_AI.requestModel]: firstRequested ?? step.model ?? undefined,
      [GEN_AI.inputTokens]: step.tokensIn,
      [GEN_AI.outputTokens]: step.tokensOut,
      [SWITCHYARD.costUsd]: step.costUsd,
      [SWITCHYARD.attempts]: step.attempts,
    });
    if (step.status === "SUCCEEDED" && step.model) attributes[GEN_AI.responseModel] = step.model;
  }
  if (operation === OPERATION.tool) attributes[GEN_AI.toolName] = spanName(step, operation).slice(operation.length + 1);
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

function recordAttempts(tracer: Tracer, parent: Span, attempts: Attempt[]) {
  const context = trace.setSpan(ROOT_CONTEXT, parent);
  attempts.forEach((attempt, index) => {
    const target = parseTarget(attempt.target);
    const attributes: Attributes = { [GEN_AI.operationName]: OPERATION.chat, [SWITCHYARD.attemptNumber]: index + 1 };
    if (target) {
      const provider = providerName(target.kind);
      Object.assign(attributes, { [GEN_AI.providerName]: provider, [GEN_AI.system]: provider, [GEN_AI.requestModel]: target.model });
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

function recordStep(tracer: Tracer, parent: Span, step: StepRow, options: RunSpanOptions): Span {
  const operation = operationOf(step);
  const attempts = Array.isArray(step.detail?.attempts) ? (step.detail.attempts as Attempt[]) : [];
  const span = tracer.startSpan(
    spanName(step, operation),
    {
      kind: operation === OPERATION.chat ? SpanKind.CLIENT : SpanKind.INTERNAL,
      startTime: step.startedAt,
      attributes: stepAttributes(step, operation, parseTarget(attempts[0]?.target)?.model, options),
    },
    trace.setSpan(ROOT_CONTEXT, parent),
  );
  if (step.status === "FAILED" || step.status === "CANCELLED") fail(span, step.status.toLowerCase(), step.error);
  recordAttempts(tracer, span, attempts);
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
  const nodes = new Map<string, Span>();
  const ends: Array<[Span, number]> = [];
  const parentOf = (step: StepRow) => step.detail?.parentId;
  for (const step of steps)
    if (typeof parentOf(step) !== "string") {
      const span = recordStep(tracer, root, step, options);
      nodes.set(step.nodeId, span);
      ends.push([span, step.finishedAt]);
    }
  for (const step of steps) {
    const parentId = parentOf(step);
    if (typeof parentId === "string") ends.push([recordStep(tracer, nodes.get(parentId) ?? root, step, options), step.finishedAt]);
  }
  for (const [span, at] of ends) span.end(at);
  root.end(run.finishedAt ?? Date.now());
}
