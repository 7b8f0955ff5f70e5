// The worker's ModelGateway: resolves the node's credential, calls the provider through the AI SDK
// (streaming or not), retries what is worth retrying, and prices the real usage from the catalog.
import type { ModelGateway, ModelRequest, ModelResponse } from "@switchyard/engine";
import { generateText, streamText, type LanguageModel } from "ai";
import type { ModelCatalog } from "./catalog";
import { createLanguageModel, type ProviderCredential } from "./language-model";
import { AttemptTimeoutError, backoffDelay, defaultRetryPolicy, isRetryable, sleep, type RetryPolicy } from "./retry";

export type Attempt = ModelResponse["attempts"][number];

/** A provider call that failed for good; carries every attempt for the trace. */
export class ModelCallError extends Error {
  constructor(
    message: string,
    readonly attempts: Attempt[],
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "ModelCallError";
  }
}

export interface GatewayOptions {
  resolveCredential: (credentialId: string) => Promise<ProviderCredential>;
  catalog: ModelCatalog;
  retryPolicy?: Partial<RetryPolicy>;
}

interface CallResult {
  text: string;
  tokensIn: number;
  tokensOut: number;
}

async function callOnce(
  model: LanguageModel,
  request: ModelRequest,
  signal: AbortSignal,
  onToken?: (text: string) => void,
): Promise<CallResult> {
  const common = {
    model,
    system: request.system,
    messages: request.messages,
    temperature: request.temperature,
    maxOutputTokens: request.maxTokens,
    abortSignal: signal,
    maxRetries: 0, // retries happen here, where each attempt is recorded
  };
  if (!request.stream) {
    const result = await generateText(common);
    return { text: result.text, tokensIn: result.usage.inputTokens ?? 0, tokensOut: result.usage.outputTokens ?? 0 };
  }
  const result = streamText({ ...common, onError: () => undefined });
  let text = "";
  let tokensIn = 0;
  let tokensOut = 0;
  for await (const part of result.fullStream) {
    if (part.type === "text-delta") {
      text += part.text;
      onToken?.(part.text);
    } else if (part.type === "error") throw part.error;
    else if (part.type === "abort") throw signal.reason ?? new Error("aborted");
    else if (part.type === "finish") {
      tokensIn = part.totalUsage.inputTokens ?? 0;
      tokensOut = part.totalUsage.outputTokens ?? 0;
    }
  }
  return { text, tokensIn, tokensOut };
}

const describe = (error: unknown) => (error instanceof Error ? error.message : String(error));

export function createModelGateway(options: GatewayOptions): ModelGateway {
  const policy = { ...defaultRetryPolicy, ...options.retryPolicy };
  return {
    async generate(request, { signal, onToken }) {
      const credential = await options.resolveCredential(request.credentialId);
      const model = createLanguageModel(credential, request.model);
      const attempts: Attempt[] = [];
      for (let attempt = 0; ; attempt++) {
        const startedAt = Date.now();
        const timeout = AbortSignal.timeout(request.timeoutMs);
        let streamedAnything = false;
        try {
          const result = await callOnce(model, request, AbortSignal.any([signal, timeout]), (text) => {
            streamedAnything = true;
            onToken?.(text);
          });
          attempts.push({ startedAt, latencyMs: Date.now() - startedAt });
          return {
            text: result.text,
            attempts,
            usage: {
              provider: credential.kind,
              model: request.model,
              tokensIn: result.tokensIn,
              tokensOut: result.tokensOut,
              costUsd: options.catalog.cost(credential.kind, request.model, result.tokensIn, result.tokensOut),
              attempts: attempts.length,
            },
          };
        } catch (caught) {
          const error = timeout.aborted && !signal.aborted ? new AttemptTimeoutError(request.timeoutMs) : caught;
          attempts.push({ startedAt, latencyMs: Date.now() - startedAt, error: describe(error) });
          if (signal.aborted) throw new ModelCallError("cancelled", attempts, { cause: error });
          // once tokens reached the user a retry would repeat them, so a broken stream fails the step
          const retry = !streamedAnything && attempt < request.maxRetries && isRetryable(error);
          if (!retry) {
            const tries = attempts.length > 1 ? ` after ${attempts.length} attempts` : "";
            throw new ModelCallError(`${credential.kind.toLowerCase()} ${request.model}${tries}: ${describe(error)}`, attempts, {
              cause: error,
            });
          }
          await sleep(backoffDelay(attempt, error, policy), signal).catch(() => {
            throw new ModelCallError("cancelled", attempts, { cause: error });
          });
        }
      }
    },
  };
}
