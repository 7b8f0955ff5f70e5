// The worker's ModelGateway: resolves the node's credential, calls the provider through the AI SDK
// (streaming or not), retries what is worth retrying, falls back along the request's chain of models
// when one fails for good, and prices the real usage from the catalog.
import {
  NodeFailureError,
  poolIdOf,
  withDeadline,
  type ModelGateway,
  type ModelRequest,
  type ModelResponse,
  type ModelTarget,
} from "@switchyard/engine";
import type { ModelCatalog } from "./catalog";
import { createLanguageModel, type ProviderCredential } from "./language-model";
import { cooldownFor, isMemberFault, type PoolLoad, type PoolMember, type ResolvedPool } from "./pool";
import { callProvider, type SpecModel } from "./provider-call";
import { AttemptTimeoutError, backoffDelay, defaultRetryPolicy, isRetryable, sleep, type RetryPolicy } from "./retry";

export type Attempt = ModelResponse["attempts"][number];

/**
 * A provider call that failed for good; carries every attempt for the trace and, when a model was
 * called, what was called (so usage counts the failure against it).
 */
export class ModelCallError extends NodeFailureError {
  constructor(message: string, attempts: Attempt[], options: { cause?: unknown; provider?: string; model?: string }) {
    const { provider, model, cause } = options;
    const usage =
      provider !== undefined && model !== undefined
        ? { provider, model, tokensIn: 0, tokensOut: 0, costUsd: 0, attempts: attempts.length }
        : undefined;
    super("MODEL_CALL_FAILED", message, { attempts, usage, cause });
    this.name = "ModelCallError";
  }
}

export interface GatewayOptions {
  resolveCredential: (credentialId: string) => Promise<ProviderCredential>;
  catalog: ModelCatalog;
  retryPolicy?: Partial<RetryPolicy>;
  /** Needed only by flows whose nodes name a pool (`pool:<id>` as their provider). */
  pools?: {
    resolvePool: (poolId: string) => Promise<ResolvedPool>;
    load: PoolLoad;
    /** How long a member that failed rests when the provider did not say (Retry-After). */
    cooldownMs?: number;
  };
}

/** An in-flight count outlives its call by this much at most when a worker dies mid-call. */
const POOL_LEASE_MARGIN_MS = 30_000;

const describe = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * A model failed for good; `streamed` says tokens had reached the user, so no fallback may follow.
 * `called` is absent when the model could not even be built (its credential is gone).
 */
class TargetFailure extends Error {
  constructor(
    message: string,
    readonly streamed: boolean,
    readonly called: { provider: string; model: string } | undefined,
    options: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export function createModelGateway(options: GatewayOptions): ModelGateway {
  const policy = { ...defaultRetryPolicy, ...options.retryPolicy };

  /** One model with its retries; every call is appended to `attempts`. */
  async function callWithRetries(
    target: ModelTarget,
    request: ModelRequest,
    attempts: Attempt[],
    signal: AbortSignal,
    onToken?: (text: string) => void,
    member?: string,
  ): Promise<ModelResponse> {
    let credential: ProviderCredential;
    let model: SpecModel;
    try {
      credential = await options.resolveCredential(target.credentialId);
      model = createLanguageModel(credential, target.model) as SpecModel;
    } catch (error) {
      // a missing credential or an unusable setting: the next model in the chain may still answer
      attempts.push({ startedAt: Date.now(), latencyMs: 0, error: describe(error), target: target.model, ...(member && { member }) });
      throw new TargetFailure(describe(error), false, undefined, { cause: error });
    }
    const label = member ? `${credential.kind} ${target.model} (${member})` : `${credential.kind} ${target.model}`;
    const tag = member ? { member } : {};
    const called = { provider: credential.kind, model: target.model };
    let streamedAnything = false;
    for (let attempt = 0; ; attempt++) {
      const startedAt = Date.now();
      const deadline = withDeadline(signal, request.timeoutMs, () => new AttemptTimeoutError(request.timeoutMs));
      try {
        const result = await callProvider(model, { ...request, ...target }, deadline.signal, (text) => {
          streamedAnything = true;
          onToken?.(text);
        });
        deadline.dispose();
        attempts.push({ startedAt, latencyMs: Date.now() - startedAt, target: label, ...tag });
        return {
          text: result.text,
          toolCalls: result.toolCalls,
          attempts,
          usage: {
            provider: credential.kind,
            model: target.model,
            tokensIn: result.tokensIn,
            tokensOut: result.tokensOut,
            costUsd: options.catalog.cost(credential.kind, target.model, result.tokensIn, result.tokensOut),
            attempts: attempts.length,
          },
        };
      } catch (caught) {
        deadline.dispose();
        const error = deadline.expired && !signal.aborted ? new AttemptTimeoutError(request.timeoutMs) : caught;
        attempts.push({ startedAt, latencyMs: Date.now() - startedAt, error: describe(error), target: label, ...tag });
        if (signal.aborted) throw new ModelCallError("cancelled", attempts, { cause: error, ...called });
        // once tokens reached the user a retry would repeat them, so a broken stream fails the step
        const retry = !streamedAnything && attempt < request.maxRetries && isRetryable(error);
        if (!retry) {
          const after = attempt > 0 ? ` after ${attempt + 1} attempts` : "";
          throw new TargetFailure(
            `${credential.kind.toLowerCase()} ${target.model}${after}: ${describe(error)}`,
            streamedAnything,
            called,
            {
              cause: error,
            },
          );
        }
        await sleep(backoffDelay(attempt, error, policy), signal).catch(() => {
          throw new ModelCallError("cancelled", attempts, { cause: error, ...called });
        });
      }
    }
  }

  /**
   * A pool: the least-loaded healthy member takes the call; a member that fails (and has streamed
   * nothing) rests and the next one is tried at once, instead of retrying the same member.
   */
  async function callPool(
    poolId: string,
    target: ModelTarget,
    request: ModelRequest,
    attempts: Attempt[],
    signal: AbortSignal,
    onToken?: (text: string) => void,
  ): Promise<ModelResponse> {
    const pools = options.pools;
    if (!pools) throw new TargetFailure("pools are not available here", false, undefined, {});
    let pool: ResolvedPool;
    try {
      pool = await pools.resolvePool(poolId);
    } catch (error) {
      attempts.push({ startedAt: Date.now(), latencyMs: 0, error: describe(error), target: target.model });
      throw new TargetFailure(describe(error), false, undefined, { cause: error });
    }
    const tried = new Set<string>();
    const failovers: string[] = [];
    let last: TargetFailure | undefined;
    for (;;) {
      const slot = await pools.load.acquire(pool.id, pool.members, tried, request.timeoutMs + POOL_LEASE_MARGIN_MS);
      if (slot.index < 0) throw poolExhausted(pool, failovers, "coolingUntil" in slot ? slot.coolingUntil : 0, last);
      const member: PoolMember = pool.members[slot.index]!;
      tried.add(member.id);
      try {
        const memberTarget = { credentialId: member.credentialId, model: member.model ?? target.model };
        const response = await callWithRetries(memberTarget, { ...request, maxRetries: 0 }, attempts, signal, onToken, member.name);
        return { ...response, pool: { pool: pool.name, member: member.name, credentialId: member.credentialId, failovers } };
      } catch (error) {
        if (!(error instanceof TargetFailure)) throw error; // cancelled
        if (error.streamed || !isMemberFault(error.cause)) throw error;
        const restMs = cooldownFor(error.cause, pools.cooldownMs);
        await pools.load.coolDown(pool.id, member.id, restMs);
        failovers.push(`${member.name}: ${error.message}; resting ${Math.round(restMs / 1000)} s`);
        last = error;
      } finally {
        if ("release" in slot) await slot.release();
      }
    }
  }

  return {
    async generate(request, { signal, onToken }) {
      const targets: ModelTarget[] = [{ credentialId: request.credentialId, model: request.model }, ...(request.fallbacks ?? [])];
      const attempts: Attempt[] = [];
      const failures: string[] = [];
      for (const [index, target] of targets.entries()) {
        try {
          const poolId = poolIdOf(target.credentialId);
          return await (poolId === undefined
            ? callWithRetries(target, request, attempts, signal, onToken)
            : callPool(poolId, target, request, attempts, signal, onToken));
        } catch (error) {
          if (!(error instanceof TargetFailure)) throw error;
          failures.push(error.message);
          if (error.streamed || index === targets.length - 1) {
            const message = failures.length > 1 ? `every model in the fallback chain failed: ${failures.join("; ")}` : error.message;
            throw new ModelCallError(message, attempts, { cause: error.cause, ...error.called });
          }
        }
      }
      throw new Error("unreachable: a request always has a model");
    },
  };
}

/** Every member failed or rests: one message naming the pool, what each member said, and when one is back. */
function poolExhausted(pool: ResolvedPool, failovers: string[], coolingUntil: number, last: TargetFailure | undefined): TargetFailure {
  if (!pool.members.length) return new TargetFailure(`pool "${pool.name}" has no members`, false, undefined, {});
  const back = coolingUntil > Date.now() ? `; the first resting member is back in ${Math.ceil((coolingUntil - Date.now()) / 1000)} s` : "";
  const said = failovers.length ? `: ${failovers.join("; ")}` : "";
  const message = failovers.length
    ? `every member of pool "${pool.name}" failed or is resting${said}${back}`
    : `every member of pool "${pool.name}" is resting after failures${back}`;
  return new TargetFailure(message, false, last?.called, { cause: last?.cause });
}
