// The Router node's learned mode in a worker: each trained router's artifact is loaded and expanded
// once and kept (artifacts never change once trained), so a routed request costs only the prediction.
import { readRouterArtifact, type Db } from "@switchyard/db";
import type { LearnedRouters } from "@switchyard/engine";
import { decideRoute, loadRouter, type LoadedRouter } from "@switchyard/evals";
import { ExpiringCache } from "./expiring-cache";

export function createLearnedRouters(db: Db) {
  // a loaded router holds its weights expanded (about 1 MB per route): keep few, for long
  const cache = new ExpiringCache<LoadedRouter>(32, 60 * 60_000);
  return function forWorkspace(workspaceId: string): LearnedRouters {
    return {
      async decide(routerId, text, threshold) {
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
        return decideRoute(router, text, threshold);
      },
    };
  };
}
