// The web side of learned routers: the training queue (the rest is @switchyard/runner/router-control).
import { createBullConnection, createRouterTrainingQueue } from "@switchyard/queue";
import { db, env } from "./services";

const globalForRouters = globalThis as unknown as { routerQueue?: ReturnType<typeof createRouterTrainingQueue> };

export function routerControl() {
  globalForRouters.routerQueue ??= createRouterTrainingQueue(createBullConnection(env().REDIS_URL));
  return { db: db(), queue: globalForRouters.routerQueue };
}
