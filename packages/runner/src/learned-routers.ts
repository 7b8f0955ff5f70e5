// The Router node's learned mode in a worker: each trained router's artifact is loaded and expanded
// once and kept (artifacts never change once trained), so a routed request costs only the prediction,
// plus, for a router trained with the workspace's embedding model, one embedding of the request.
import { readRouterArtifact, type Db } from "@switchyard/db";
import type { LearnedRouters } from "@switchyard/engine";
import { decideRoute, loadRouter, readWindow, withRouteNames, type LoadedRouter } from "@switchyard/evals";
import type { EmbeddingTarget } from "@switchyard/knowledge";
import { embed } from "@switchyard/providers";
import { ExpiringCache } from "./expiring-cache";

/** The request's embedding through the model the router was trained with; refuses any other model. */
async function embeddingFor(router: LoadedRouter, target: EmbeddingTarget | null, text: string): Promise<number[] | undefined> {
  if (!router.spec.embeddingDims) return undefined;
  const trainedWith = router.spec.embeddingModel;
  if (!target)
    throw new Error(`The learned router was trained with the embedding model ${trainedWith}; the workspace has no embedding model now`);
  if (target.model !== trainedWith)
    throw new Error(
      `The learned router was trained with the embedding model ${trainedWith}; the workspace now uses ${target.model}: learn the router again`,
    );
  const { vectors } = await embed({ credential: target.credential, model: target.model, values: [readWindow(router.spec, text)] });
  return vectors[0];
}

export function createLearnedRouters(db: Db, embeddingTarget: (workspaceId: string) => Promise<EmbeddingTarget | null>) {
  // a loaded router holds its weights expanded (about 1 MB per route): keep few, for long
  const cache = new ExpiringCache<LoadedRouter>(32, 60 * 60_000);
  return function forWorkspace(workspaceId: string): LearnedRouters {
    return {
      async decide(routerId, text, threshold, names) {
        const router = await cache.getOrLoad(`${workspaceId}:${routerId}`, async () => {
          const stored = await readRouterArtifact(db, workspaceId, routerId);
          if (stored.status !== "SUCCEEDED" || !stored.artifact)
            throw new Error(
              stored.status === "FAILED"
                ? `The learned router could not be trained: ${stored.error}`
                : "The learned router is still training",
            );
          return loadRouter(stored.artifact);
        });
        const embedding = await embeddingFor(router, router.spec.embeddingDims ? await embeddingTarget(workspaceId) : null, text);
        return decideRoute(withRouteNames(router, names), text, threshold, embedding);
      },
    };
  };
}
