// Eval runs: list, and start one (also the endpoint CI calls).
import { getDatasetVersion, listEvalRuns } from "@switchyard/db";
import { AppError, notFound } from "@switchyard/errors";
import { evalRunInputSchema } from "@switchyard/evals";
import { startEvalRun } from "@switchyard/runner/eval-control";
import { json, route } from "@/server/route";
import { evalControl } from "@/server/evals";
import { db } from "@/server/services";

export const GET = route({ role: "VIEWER", apiKeyScope: "evals" }, async ({ workspaceId, request }) => ({
  evalRuns: await listEvalRuns(db(), workspaceId, { botId: request.nextUrl.searchParams.get("botId") ?? undefined }),
}));

export const POST = route({ role: "EDITOR", apiKeyScope: "evals", body: evalRunInputSchema }, async ({ workspaceId, body }) => {
  const version = await db().botVersion.findFirst({
    where: { botId: body.botId, bot: { workspaceId }, ...(body.version ? { number: body.version } : {}) },
    orderBy: { number: "desc" },
    select: { id: true },
  });
  if (!version) {
    if (body.version) throw notFound("Bot version");
    const bot = await db().bot.findFirst({ where: { id: body.botId, workspaceId }, select: { id: true } });
    if (!bot) throw notFound("Bot");
    throw new AppError("BAD_REQUEST", "Publish the bot first: an eval run measures a published version");
  }
  const datasetVersion = await getDatasetVersion(db(), workspaceId, body.datasetId, body.datasetVersion);
  const evalRun = await startEvalRun(evalControl(), workspaceId, {
    name: body.name,
    botId: body.botId,
    botVersionId: version.id,
    datasetVersionId: datasetVersion.id,
    variants: body.variants,
    evaluators: body.evaluators,
    concurrency: body.concurrency,
    useCache: body.useCache,
  });
  return json({ evalRun: { id: evalRun.id, status: evalRun.status, total: evalRun.total } }, 201);
});
