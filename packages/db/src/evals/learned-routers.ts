// Learned routers: requested from an eval run, trained by a worker, read by the Router node (artifact)
// and by the learned-router page (report). Every query is scoped to the workspace.
import { notFound } from "@switchyard/errors";
import type { Db } from "../client";
import type { Prisma } from "../generated/prisma/client";

export interface NewLearnedRouter {
  botId: string;
  evalRunId: string;
  datasetVersionId: string;
  nodeId: string;
  routes: { key: string; label: string; credentialId: string; model: string }[];
  qualityTarget: number;
}

const summaryFields = {
  id: true,
  botId: true,
  evalRunId: true,
  datasetVersionId: true,
  nodeId: true,
  routes: true,
  qualityTarget: true,
  status: true,
  error: true,
  trainingMs: true,
  createdAt: true,
  finishedAt: true,
} as const;

export function createLearnedRouter(db: Db, workspaceId: string, input: NewLearnedRouter) {
  return db.learnedRouter.create({
    data: { ...input, workspaceId, routes: input.routes as Prisma.InputJsonValue },
    select: summaryFields,
  });
}

/** The router with its cross-validation report (not the weights: the page never needs them). */
export async function getLearnedRouter(db: Db, workspaceId: string, routerId: string) {
  const router = await db.learnedRouter.findFirst({ where: { id: routerId, workspaceId }, select: { ...summaryFields, report: true } });
  if (!router) throw notFound("Learned router");
  return router;
}

export function listLearnedRouters(db: Db, workspaceId: string, evalRunId: string) {
  return db.learnedRouter.findMany({ where: { workspaceId, evalRunId }, orderBy: { createdAt: "desc" }, select: summaryFields });
}

/** The trained artifact, or null while it is not trained (or training failed). */
export async function readRouterArtifact(db: Db, workspaceId: string, routerId: string) {
  const router = await db.learnedRouter.findFirst({
    where: { id: routerId, workspaceId },
    select: { status: true, artifact: true, error: true },
  });
  if (!router) throw notFound("Learned router");
  return router;
}

export async function finishLearnedRouter(
  db: Db,
  routerId: string,
  outcome: { status: "SUCCEEDED"; artifact: object; report: object; trainingMs: number } | { status: "FAILED"; error: string },
) {
  await db.learnedRouter.update({
    where: { id: routerId },
    data:
      outcome.status === "SUCCEEDED"
        ? {
            status: "SUCCEEDED",
            artifact: outcome.artifact as Prisma.InputJsonValue,
            report: outcome.report as Prisma.InputJsonValue,
            trainingMs: outcome.trainingMs,
            finishedAt: new Date(),
          }
        : { status: "FAILED", error: outcome.error, finishedAt: new Date() },
  });
}

export async function markLearnedRouterRunning(db: Db, routerId: string) {
  await db.learnedRouter.update({ where: { id: routerId }, data: { status: "RUNNING" } });
}

export async function deleteLearnedRouter(db: Db, workspaceId: string, routerId: string) {
  await db.learnedRouter.deleteMany({ where: { id: routerId, workspaceId } });
}

/**
 * Where a routed bot's eval items went: per variant and Router node, how many items each route answered
 * (from the router steps of the items' traces).
 */
export async function routeSharesOfEvalRun(db: Db, workspaceId: string, evalRunId: string) {
  const rows = await db.$queryRaw<{ variantKey: string; nodeId: string; route: string; items: number }[]>`
    SELECT r."variantKey", s."nodeId", s.detail->>'route' AS route, count(*)::int AS items
    FROM "EvalResult" r
    JOIN "EvalRun" e ON e.id = r."evalRunId"
    JOIN "RunStep" s ON s."runId" = r."runId"
    WHERE r."evalRunId" = ${evalRunId} AND e."workspaceId" = ${workspaceId} AND s."nodeType" = 'router' AND s.detail ? 'route'
    GROUP BY 1, 2, 3
    ORDER BY 1, 2, 3`;
  return rows;
}

/** Router steps of the workspace's runs per day, bot, Router node and route, from `from` to `to` (dates, inclusive). */
export function routerTraffic(db: Db, workspaceId: string, range: { from: string; to: string }) {
  return db.$queryRaw<
    {
      botId: string;
      nodeId: string;
      day: string;
      route: string;
      provider: string;
      model: string;
      requests: number;
      tokensIn: number;
      tokensOut: number;
      costUsd: number;
    }[]
  >`
    SELECT r."botId", s."nodeId", to_char(date_trunc('day', s."startedAt"), 'YYYY-MM-DD') AS day, s.detail->>'route' AS route,
      coalesce(s.provider, '') AS provider, coalesce(s.model, '') AS model, count(*)::int AS requests,
      sum(s."tokensIn")::int AS "tokensIn", sum(s."tokensOut")::int AS "tokensOut", sum(s."costUsd")::float8 AS "costUsd"
    FROM "RunStep" s
    JOIN "Run" r ON r.id = s."runId"
    WHERE r."workspaceId" = ${workspaceId} AND s."nodeType" = 'router' AND s.detail ? 'route'
      AND s."startedAt" >= ${range.from}::date AND s."startedAt" < ${range.to}::date + 1
    GROUP BY 1, 2, 3, 4, 5, 6
    ORDER BY 1, 2, 3, 4`;
}
