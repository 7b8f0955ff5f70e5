// The web side of learned routers: the training queue, and "Use this router" (the learned router put
// into the bot's draft, in place of the node whose model the eval run compared).
import { getBot, getLearnedRouter, saveDraft } from "@switchyard/db";
import { AppError } from "@switchyard/errors";
import { withLearnedRouter, type RouterReport, type RouterRoute } from "@switchyard/evals";
import { createBullConnection, createRouterTrainingQueue } from "@switchyard/queue";
import { db, env } from "./services";

const globalForRouters = globalThis as unknown as { routerQueue?: ReturnType<typeof createRouterTrainingQueue> };

export function routerControl() {
  globalForRouters.routerQueue ??= createRouterTrainingQueue(createBullConnection(env().REDIS_URL));
  return { db: db(), queue: globalForRouters.routerQueue };
}

export async function adoptLearnedRouter(workspaceId: string, routerId: string, threshold: number | undefined) {
  const router = await getLearnedRouter(db(), workspaceId, routerId);
  if (router.status !== "SUCCEEDED") throw new AppError("BAD_REQUEST", "This router has not finished training");
  const report = router.report as RouterReport | null;
  const chosen = report?.choice.chosen.threshold;
  // the learned verify line comes with the threshold it was learned with: adopting the chosen point adopts
  // both lines, a threshold picked by hand elsewhere on the curve adopts that threshold alone
  const atChosen = threshold === undefined || threshold === chosen;
  const verify = atChosen && report?.verify?.verifier ? report.verify : undefined;
  const bot = await getBot(db(), workspaceId, router.botId);
  let graph;
  try {
    graph = withLearnedRouter(bot.draftGraph as { nodes: { id: string; type: string; config: Record<string, unknown> }[] }, {
      nodeId: router.nodeId,
      routerId: router.id,
      threshold: verify ? verify.threshold : (threshold ?? chosen ?? 0.5),
      routes: router.routes as unknown as RouterRoute[],
      ...(verify && { verify: { verifyBelow: verify.verifyBelow, verifier: verify.verifier! } }),
    });
  } catch (error) {
    throw new AppError("BAD_REQUEST", (error as Error).message);
  }
  const { revision } = await saveDraft(db(), workspaceId, bot.id, graph, bot.draftRevision);
  return { botId: bot.id, nodeId: router.nodeId, revision };
}
