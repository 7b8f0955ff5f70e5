// The web side of learned routers: the training queue, and the runner's view and "Use this router"
// bound to the app's database.
import { createBullConnection, createRouterTrainingQueue } from "@switchyard/queue";
import { adoptLearnedRouter as adopt, learnedRouterView as view } from "@switchyard/runner/router-control";
import { db, env } from "./services";

const globalForRouters = globalThis as unknown as { routerQueue?: ReturnType<typeof createRouterTrainingQueue> };

export function routerControl() {
  globalForRouters.routerQueue ??= createRouterTrainingQueue(createBullConnection(env().REDIS_URL));
  return { db: db(), queue: globalForRouters.routerQueue };
}

export const learnedRouterView = (workspaceId: string, routerId: string) => view(db(), workspaceId, routerId);

export const adoptLearnedRouter = (workspaceId: string, routerId: string, threshold: number | undefined) =>
  adopt(db(), workspaceId, routerId, threshold);
