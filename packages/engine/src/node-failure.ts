// Why a node failed, as one typed value. Errors that know more than their message (the provider calls
// a failed model call made, what an agent had spent when it gave up) implement `NodeFailure`; the
// executor reads those fields through `isNodeFailure`, never by casting a caught value, and the step's
// status comes from one exhaustive mapping of failure codes.
import type { ModelAttempt, ModelUsage } from "./node-definition";

export type NodeFailureCode =
  /** The run was cancelled (by a person, or because another node failed first). */
  | "CANCELLED"
  /** The node ran past its timeout. */
  | "TIMED_OUT"
  /** A model call failed for good: every retry and fallback was tried. */
  | "MODEL_CALL_FAILED"
  /** Anything else the node reported. */
  | "FAILED";

export interface NodeFailure {
  readonly failureCode: NodeFailureCode;
  readonly message: string;
  /** Every provider call the node made, failed ones included, so the trace shows each retry. */
  readonly attempts?: ModelAttempt[];
  /** What the node's model calls had cost when it failed, so usage still counts them. */
  readonly usage?: ModelUsage;
}

// recognised by a registered symbol, not `instanceof`: the web process may load this module twice
const NODE_FAILURE = Symbol.for("switchyard.NodeFailure");

export function isNodeFailure(value: unknown): value is NodeFailure {
  return typeof value === "object" && value !== null && (value as { [NODE_FAILURE]?: unknown })[NODE_FAILURE] === true;
}

export class NodeFailureError extends Error implements NodeFailure {
  readonly [NODE_FAILURE] = true;
  readonly attempts?: ModelAttempt[];
  readonly usage?: ModelUsage;

  constructor(
    readonly failureCode: NodeFailureCode,
    message: string,
    details: { attempts?: ModelAttempt[]; usage?: ModelUsage; cause?: unknown } = {},
  ) {
    super(message, { cause: details.cause });
    this.name = "NodeFailureError";
    this.attempts = details.attempts;
    this.usage = details.usage;
  }
}

/** `error` with the provider calls made before it: what a node that made several calls throws. */
export function withCallTrail(error: unknown, trail: { attempts: ModelAttempt[]; usage?: ModelUsage }): NodeFailureError {
  const message = error instanceof Error ? error.message : String(error);
  const code = isNodeFailure(error) ? error.failureCode : "FAILED";
  return new NodeFailureError(code, message, { ...trail, cause: error });
}

/** The step (and run) status each failure ends in: a new code does not compile until it is placed here. */
export const statusOfFailure: Record<NodeFailureCode, "FAILED" | "CANCELLED"> = {
  CANCELLED: "CANCELLED",
  TIMED_OUT: "FAILED",
  MODEL_CALL_FAILED: "FAILED",
  FAILED: "FAILED",
};

/** What a caught value means for the step, given whether the run was cancelled or the node timed out. */
export function describeFailure(caught: unknown, context: { cancelled: boolean; timedOut: string | null }): NodeFailure {
  const known = isNodeFailure(caught) ? caught : undefined;
  const trail = { attempts: known?.attempts, usage: known?.usage };
  if (context.cancelled) return { failureCode: "CANCELLED", message: "The run was cancelled", ...trail };
  if (context.timedOut !== null) return { failureCode: "TIMED_OUT", message: context.timedOut, ...trail };
  if (known) return { failureCode: known.failureCode, message: known.message, ...trail };
  return { failureCode: "FAILED", message: caught instanceof Error ? caught.message : String(caught), ...trail };
}
