// The worker's ModelGateway: resolves the node's credential, calls the provider through the AI SDK
// (streaming or not), retries what is worth retrying, falls back along the request's chain of models
// when one fails for good, and prices the real usage from the catalog.
import { withDeadline, type ModelGateway, type ModelRequest, type ModelResponse, type ModelTarget } from "@switchyard/engine";
import type { ModelCatalog } from "./catalog";
import { createLanguageModel, type ProviderCredential } from "./language-model";
import { callProvider, type SpecModel } from "./provider-call";
import { AttemptTimeoutError, backoffDelay, defaultRetryPolicy, isRetryable, sleep, type RetryPolicy } from "./retry";

export type Attempt = ModelResponse["attempts"][number];

/** A provider call that failed for good; carries every attempt for the trace, and what was called. */
export class ModelCallError extends Error {
  readonly usage: ModelResponse["usage"];

  constructor(
    message: string,
    readonly attempts: Attempt[],
    options: { cause?: unknown; provider: string; model: string },
  ) {
    super(message, { cause: options.cause });
    this.name = "ModelCallError";
    this.usage = { provider: options.provider, model: options.model, tokensIn: 0, tokensOut: 0, costUsd: 0, attempts: attempts.length };
  }
}

export interface GatewayOptions {
  resolveCredential: (credentialId: string) => Promise<ProviderCredential>;
  catalog: ModelCatalog;
  retryPolicy?: Partial<RetryPolicy>;
}

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
  ): Promise<ModelResponse> {
    let credential: ProviderCredential;
    let model: SpecModel;
    try {
      credential = await options.resolveCredential(target.credentialId);
      model = createLanguageModel(credential, target.model) as SpecModel;
    } catch (error) {
      // a missing credential or an unusable setting: the next model in the chain may still answer
      attempts.push({ startedAt: Date.now(), latencyMs: 0, error: describe(error), target: target.model });
      throw new TargetFailure(describe(error), false, undefined, { cause: error });
    }
    const label = `${credential.kind} ${target.model}`;
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
        attempts.push({ startedAt, latencyMs: Date.now() - startedAt, target: label });
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
        attempts.push({ startedAt, latencyMs: Date.now() - startedAt, error: describe(error), target: label });
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

  return {
    async generate(request, { signal, onToken }) {
      const targets: ModelTarget[] = [{ credentialId: request.credentialId, model: request.model }, ...(request.fallbacks ?? [])];
      const attempts: Attempt[] = [];
      const failures: string[] = [];
      for (const [index, target] of targets.entries()) {
        try {
          return await callWithRetries(target, request, attempts, signal, onToken);
        } catch (error) {
          if (!(error instanceof TargetFailure)) throw error;
          failures.push(error.message);
          if (error.streamed || index === targets.length - 1) {
            const message = failures.length > 1 ? `every model in the fallback chain failed: ${failures.join("; ")}` : error.message;
            if (!error.called) throw Object.assign(new Error(message, { cause: error.cause }), { attempts });
            throw new ModelCallError(message, attempts, { cause: error.cause, ...error.called });
          }
        }
      }
      throw new Error("unreachable: a request always has a model");
    },
  };
}
