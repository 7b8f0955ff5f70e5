// The worker's ModelGateway: resolves the node's credential, calls the provider through the AI SDK
// (streaming or not), retries what is worth retrying, and prices the real usage from the catalog.
import { withDeadline, type ModelGateway, type ModelRequest, type ModelResponse } from "@switchyard/engine";
import type { LanguageModel } from "ai";
import type { ModelCatalog } from "./catalog";
import { createLanguageModel, type ProviderCredential } from "./language-model";
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

interface CallResult {
  text: string;
  tokensIn: number;
  tokensOut: number;
}

// Providers implement the AI SDK's language-model specification (v3; some community providers v2).
// The gateway calls it directly rather than through streamText/generateText: for one text generation
// those helpers add a chain of web streams and prompt re-validation that cost about 3 ms of CPU per
// call on Node 20, more than the whole orchestration of a run. Retries, timeouts and usage
// accounting are done here instead.
type SpecModel = Extract<LanguageModel, { doStream: unknown }>;
type Usage = { inputTokens?: number | { total?: number }; outputTokens?: number | { total?: number } } | undefined;

const tokenCount = (value: number | { total?: number } | undefined) => (typeof value === "number" ? value : (value?.total ?? 0));

function toPrompt(request: ModelRequest) {
  return [
    ...(request.system ? [{ role: "system" as const, content: request.system }] : []),
    ...request.messages.map((message) =>
      message.role === "system"
        ? { role: "system" as const, content: message.content }
        : { role: message.role, content: [{ type: "text" as const, text: message.content }] },
    ),
  ];
}

async function callOnce(
  model: SpecModel,
  request: ModelRequest,
  signal: AbortSignal,
  onToken?: (text: string) => void,
): Promise<CallResult> {
  const options = {
    prompt: toPrompt(request),
    temperature: request.temperature,
    maxOutputTokens: request.maxTokens,
    abortSignal: signal,
  } as Parameters<SpecModel["doStream"]>[0];
  if (!request.stream) {
    const result = await model.doGenerate(options as never);
    const text = (result.content as { type: string; text?: string }[])
      .map((part) => (part.type === "text" ? (part.text ?? "") : ""))
      .join("");
    const usage = result.usage as Usage;
    return { text, tokensIn: tokenCount(usage?.inputTokens), tokensOut: tokenCount(usage?.outputTokens) };
  }
  const { stream } = await model.doStream(options as never);
  const reader = (stream as ReadableStream<{ type: string; delta?: string; error?: unknown; usage?: Usage }>).getReader();
  let text = "";
  let usage: Usage;
  try {
    for (;;) {
      const { value: part, done } = await reader.read();
      if (done) break;
      if (part.type === "text-delta") {
        text += part.delta ?? "";
        if (part.delta) onToken?.(part.delta);
      } else if (part.type === "error") throw part.error;
      else if (part.type === "finish") usage = part.usage;
    }
  } finally {
    reader.releaseLock();
  }
  if (signal.aborted) throw signal.reason;
  return { text, tokensIn: tokenCount(usage?.inputTokens), tokensOut: tokenCount(usage?.outputTokens) };
}

const describe = (error: unknown) => (error instanceof Error ? error.message : String(error));

export function createModelGateway(options: GatewayOptions): ModelGateway {
  const policy = { ...defaultRetryPolicy, ...options.retryPolicy };
  return {
    async generate(request, { signal, onToken }) {
      const credential = await options.resolveCredential(request.credentialId);
      const model = createLanguageModel(credential, request.model) as SpecModel;
      const attempts: Attempt[] = [];
      const called = { provider: credential.kind, model: request.model };
      for (let attempt = 0; ; attempt++) {
        const startedAt = Date.now();
        const deadline = withDeadline(signal, request.timeoutMs, () => new AttemptTimeoutError(request.timeoutMs));
        let streamedAnything = false;
        try {
          const result = await callOnce(model, request, deadline.signal, (text) => {
            streamedAnything = true;
            onToken?.(text);
          });
          deadline.dispose();
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
          deadline.dispose();
          const error = deadline.expired && !signal.aborted ? new AttemptTimeoutError(request.timeoutMs) : caught;
          attempts.push({ startedAt, latencyMs: Date.now() - startedAt, error: describe(error) });
          if (signal.aborted) throw new ModelCallError("cancelled", attempts, { cause: error, ...called });
          // once tokens reached the user a retry would repeat them, so a broken stream fails the step
          const retry = !streamedAnything && attempt < request.maxRetries && isRetryable(error);
          if (!retry) {
            const tries = attempts.length > 1 ? ` after ${attempts.length} attempts` : "";
            throw new ModelCallError(`${credential.kind.toLowerCase()} ${request.model}${tries}: ${describe(error)}`, attempts, {
              cause: error,
              ...called,
            });
          }
          await sleep(backoffDelay(attempt, error, policy), signal).catch(() => {
            throw new ModelCallError("cancelled", attempts, { cause: error, ...called });
          });
        }
      }
    },
  };
}
