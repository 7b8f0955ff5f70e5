// What an eval pair's flow and evaluators call out to: the response cache in front of the models, and
// the judge and embedding calls of the evaluators, each within the run's provider limit.
import type { ModelGateway } from "@switchyard/engine";
import type { EvaluatorServices } from "@switchyard/evals";
import { embed, withResponseCache, type CacheTally, type ResponseStore } from "@switchyard/providers";
import type { RedisSemaphore } from "@switchyard/queue";
import type { EvalContext } from "./eval-context";
import { withProviderSlots } from "./provider-slots";
import type { Runner } from "./run-job";

export interface EvalServiceOptions {
  runner: Runner;
  semaphore: RedisSemaphore;
  assert?: EvaluatorServices["assert"];
  responses?: ResponseStore;
}

/**
 * The pair's model calls answered from the cache when the run allows it (a hit takes no provider
 * slot), keyed with the pair's repeat index so each repeat keeps an answer of its own.
 */
export const cachedModels =
  (options: Pick<EvalServiceOptions, "responses">, context: EvalContext, tally: CacheTally, repeat: number) =>
  (models: ModelGateway): ModelGateway =>
    context.useCache && options.responses
      ? withResponseCache(models, { store: options.responses, workspaceId: context.workspaceId, tally, repeat })
      : models;

export function evaluatorServices(options: EvalServiceOptions, context: EvalContext, tally: CacheTally, repeat: number): EvaluatorServices {
  const { runner, semaphore } = options;
  // made on the first judge call: most evaluators never call a model, and a gateway per pair is garbage
  let models: ReturnType<Runner["models"]> | undefined;
  const gatewayOf = () => (models ??= runner.models(context.workspaceId));
  const judgeModels = cachedModels(
    options,
    context,
    tally,
    repeat,
  )({
    generate: async (request, callOptions) =>
      withProviderSlots(semaphore, [request.credentialId], context.concurrency, async () =>
        (await gatewayOf()).generate(request, callOptions),
      ),
  });
  return {
    assert: options.assert,
    // embedding calls count against the provider's limit and are costed at the workspace's price
    // for the embedding model (list prices cover chat models only)
    embed: async (values) => {
      const target = await runner.embeddingTarget(context.workspaceId);
      if (!target) return null;
      const { vectors, tokens } = await withProviderSlots(semaphore, [target.credentialId], context.concurrency, () =>
        embed({ credential: target.credential, model: target.model, values }),
      );
      const catalog = await runner.catalog(context.workspaceId);
      return { vectors, costUsd: catalog.cost(target.credential.kind, target.model, tokens, 0) };
    },
    judge: async (request) => {
      const response = await judgeModels.generate(
        {
          credentialId: request.credentialId,
          model: request.model,
          system: request.system,
          messages: [{ role: "user", content: request.prompt }],
          temperature: 0,
          timeoutMs: 60_000,
          maxRetries: 2,
          stream: false,
        },
        { signal: new AbortController().signal },
      );
      return { text: response.text, costUsd: response.usage.costUsd };
    },
  };
}
