// Durable pauses: a node can stop the run to wait for a person (an Approval node, an agent's tool
// call). The engine then finishes what does not depend on the paused node and returns a checkpoint
// instead of a result; the caller persists it and frees the worker. Resuming executes the flow again
// with the checkpoint and the answers: finished nodes are not run again, and the paused node is
// executed once more with its saved state, where `waitFor` now returns the answer.
import { z } from "zod";

/** One action a person can take; `branch` is the output the node takes for it. */
export const approvalActionSchema = z.object({
  name: z.string().min(1).max(60),
  label: z.string().min(1).max(120),
  branch: z.enum(["approved", "rejected"]),
});

/** What a paused node asks a person. */
export const approvalRequestSchema = z.object({
  kind: z.enum(["node", "tool"]),
  question: z.string().max(20_000),
  /** The value the person may edit (a draft reply, a tool call's arguments). */
  proposed: z.unknown(),
  /** JSON Schema text an edited value must match; null when any JSON will do. */
  valueSchema: z.string().nullable(),
  actions: z.array(approvalActionSchema).min(1).max(10),
  /** The action taken when nobody answers in time. */
  timeoutAction: z.string(),
  timeoutMs: z.number().int().positive(),
});
export type ApprovalRequest = z.infer<typeof approvalRequestSchema>;

/** The answer a resumed node receives: the action, the (possibly edited) value and who gave it. */
export const approvalAnswerSchema = z.object({
  action: z.string(),
  value: z.unknown(),
  comment: z.string().nullable(),
  changed: z.boolean(),
  answeredBy: z.string(),
  answeredVia: z.enum(["APP", "API", "LINK", "TIMEOUT"]),
  answeredAt: z.number(),
});
export type ApprovalAnswer = z.infer<typeof approvalAnswerSchema>;

export interface PauseRequest {
  /** Unique within the node (an agent uses one per tool call): the answer is looked up by it. */
  key: string;
  request: ApprovalRequest;
  /** What the node needs to continue where it stopped; JSON. */
  state?: unknown;
}

/** A node's pause as the run reports it; `key` is `<nodeId>:<the node's key>`. */
export interface RunPauseRecord {
  nodeId: string;
  key: string;
  request: ApprovalRequest;
}

/** Enough to continue a paused run: finished nodes' outputs, skipped nodes and paused nodes' state. */
export interface Checkpoint {
  done: Record<string, { outputs: Record<string, unknown>; reply?: string }>;
  skipped: string[];
  /** Paused node id → its saved state. */
  states: Record<string, unknown>;
}

/** Thrown by `waitFor` to stop the node; the engine turns it into a pause of the run. */
export class RunPausedSignal extends Error {
  constructor(readonly pause: PauseRequest) {
    super("The run is waiting for approval");
    this.name = "RunPausedSignal";
  }
}

/** Why bots called other than by a Bot node's own Input cannot pause (their caller cannot come back to them). */
export const TOOL_PAUSE_REFUSAL =
  'a bot an agent calls as a tool cannot pause; set "Ask a person before calling" on the agent instead, or call the bot with a Bot node';
export const ITEM_PAUSE_REFUSAL = "the items of a For each cannot pause; call the bot with a Bot node instead";

/** Why an eval run's approvals fail: nobody answers them. */
export const EVAL_PAUSE_REFUSAL = "evaluation runs cannot pause, nobody answers them; remove the approval or turn it off";

export class PauseNotAllowedError extends Error {
  constructor(reason = "this run cannot pause; remove the approval or turn it off", where = "this run") {
    super(`${where} cannot wait for a person: ${reason}`);
    this.name = "PauseNotAllowedError";
  }
}

/** Outputs without tool handles (functions do not persist); `complete` is false when one was left out. */
export function persistableOutputs(outputs: Record<string, unknown>): { outputs: Record<string, unknown>; complete: boolean } {
  let complete = true;
  const kept: Record<string, unknown> = {};
  for (const [port, value] of Object.entries(outputs)) {
    if (containsFunction(value)) complete = false;
    else kept[port] = value;
  }
  return { outputs: kept, complete };
}

function containsFunction(value: unknown, depth = 0): boolean {
  if (typeof value === "function") return true;
  if (!value || typeof value !== "object" || depth > 4) return false;
  const items = Array.isArray(value) ? value : Object.values(value);
  return items.some((item) => containsFunction(item, depth + 1));
}

/**
 * Makes each approved call at most once across the attempts of a run's resume job (BullMQ delivers a
 * job at least once: a stalled attempt may still be running when the job is handed out again). The
 * first attempt to claim `key` (the approval's key) runs `call` and records its JSON outcome; a later
 * attempt returns that outcome without calling, waiting while the claiming attempt is still alive.
 */
export interface ApprovedCalls {
  once<T>(key: string, call: () => Promise<T>, signal?: AbortSignal): Promise<T>;
}

/** The attempt that claimed an approved call stopped before recording its outcome: it is not made again. */
export class ApprovedCallUnknownError extends Error {
  constructor() {
    super(
      "an earlier attempt of this run started this approved call and stopped before recording its outcome, " +
        "so it may or may not have been made; it is not made again (check the tool's side before approving another)",
    );
    this.name = "ApprovedCallUnknownError";
  }
}
