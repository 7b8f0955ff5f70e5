// The eval response cache: a model gateway that answers a request it has seen before (same workspace,
// credential, model, messages, parameters, tools, response format and repeat index) with the stored
// answer instead of calling the provider. Eval runs use it so that re-running an eval after changing
// one variant pays only for that variant; live traffic never goes through it (only the eval processor
// builds one). A cached answer keeps its tokens for the trace, is charged 0, and reports what it saved.
import { createHash } from "node:crypto";
import { canonicalJson, type ModelGateway, type ModelRequest, type ModelResponse } from "@switchyard/engine";

export type CachedResponse = {
  text: string;
  toolCalls: ModelResponse["toolCalls"];
  usage: { provider: string; model: string; tokensIn: number; tokensOut: number; costUsd: number };
};

/** Where cached answers live (PostgreSQL in the worker: `ResponseCacheStore` in @switchyard/db). */
export interface ResponseStore {
  get(workspaceId: string, key: string): Promise<CachedResponse | null>;
  put(workspaceId: string, key: string, response: CachedResponse): Promise<void>;
}

/** Calls answered from the cache and what they cost when they were first made. */
export interface CacheTally {
  cachedCalls: number;
  savedUsd: number;
}

/**
 * The cache key of one request: everything that shapes the answer, nothing that does not (timeouts,
 * retries, streaming). The repeat index keeps the repeats of one item (sampled at temperature > 0)
 * apart, so a repeated run gets as many distinct answers as it asked for.
 */
export function responseCacheKey(workspaceId: string, request: ModelRequest, repeat = 0): string {
  const shape = {
    v: 1,
    workspaceId,
    credentialId: request.credentialId,
    model: request.model,
    fallbacks: request.fallbacks,
    system: request.system,
    messages: request.messages,
    tools: request.tools,
    responseFormat: request.responseFormat,
    temperature: request.temperature,
    maxTokens: request.maxTokens,
    repeat,
  };
  return createHash("sha256").update(canonicalJson(shape)).digest("hex");
}

export interface CachingOptions {
  store: ResponseStore;
  workspaceId: string;
  /** Counts the calls served from the cache (the caller records it with the eval result). */
  tally: CacheTally;
  repeat?: number;
}

/** Wraps a gateway: a hit returns the stored answer at no cost; a miss calls through and stores the answer. */
export function withResponseCache(models: ModelGateway, options: CachingOptions): ModelGateway {
  return {
    async generate(request, callOptions) {
      const key = responseCacheKey(options.workspaceId, request, options.repeat ?? 0);
      const startedAt = Date.now();
      const hit = await options.store.get(options.workspaceId, key);
      if (hit) {
        options.tally.cachedCalls += 1;
        options.tally.savedUsd += hit.usage.costUsd;
        return {
          text: hit.text,
          toolCalls: hit.toolCalls,
          usage: { ...hit.usage, costUsd: 0, attempts: 0 },
          // the trace shows where the answer came from and what it would have cost
          attempts: [
            {
              startedAt,
              latencyMs: Date.now() - startedAt,
              target: `eval cache: ${hit.usage.provider} ${hit.usage.model} (saved $${hit.usage.costUsd.toFixed(6)})`,
            },
          ],
        };
      }
      const response = await models.generate(request, callOptions);
      const { provider, model, tokensIn, tokensOut, costUsd } = response.usage;
      // not awaited: the answer goes on at once; an entry lost to a database error is only a later miss
      options.store
        .put(options.workspaceId, key, {
          text: response.text,
          toolCalls: response.toolCalls,
          usage: { provider, model, tokensIn, tokensOut, costUsd },
        })
        .catch((error: unknown) => console.error("eval response cache: could not store an answer:", (error as Error).message));
      return response;
    },
  };
}
