// Eval runs and their results, always within a workspace.
import { AppError, notFound } from "@switchyard/errors";
import type { Db } from "../client";
import type { Prisma } from "../generated/prisma/client";

export interface NewEvalRun {
  name: string;
  botId: string;
  botVersionId: string;
  datasetVersionId: string;
  variants: { key: string; label: string; overrides: Record<string, Record<string, unknown>> }[];
  evaluators: { id: string; kind: string }[];
  concurrency: number;
  /** Runs of each item × variant (1–10). */
  repeats?: number;
  /** Model calls may be answered from the eval response cache (default true). */
  useCache?: boolean;
}

/** Creates the eval run (status RUNNING) and returns it with the item ids the caller enqueues. */
export async function createEvalRun(db: Db, workspaceId: string, input: NewEvalRun) {
  const [version, datasetVersion] = await Promise.all([
    db.botVersion.findFirst({ where: { id: input.botVersionId, botId: input.botId, bot: { workspaceId } }, select: { graph: true } }),
    db.datasetVersion.findFirst({
      where: { id: input.datasetVersionId, dataset: { workspaceId } },
      select: { items: { orderBy: { position: "asc" }, select: { id: true } } },
    }),
  ]);
  if (!version) throw notFound("Bot version");
  if (!datasetVersion) throw notFound("Dataset version");
  if (!datasetVersion.items.length) throw new AppError("BAD_REQUEST", "The dataset version has no rows");
  const evalRun = await db.evalRun.create({
    data: {
      workspaceId,
      botId: input.botId,
      botVersionId: input.botVersionId,
      datasetVersionId: input.datasetVersionId,
      name: input.name,
      status: "RUNNING",
      variants: input.variants as Prisma.InputJsonValue,
      evaluators: input.evaluators as Prisma.InputJsonValue,
      concurrency: input.concurrency,
      repeats: input.repeats ?? 1,
      useCache: input.useCache ?? true,
      total: datasetVersion.items.length * input.variants.length * (input.repeats ?? 1),
    },
  });
  return { evalRun, itemIds: datasetVersion.items.map((item) => item.id) };
}

const runListFields = {
  id: true,
  name: true,
  status: true,
  total: true,
  createdAt: true,
  finishedAt: true,
  variants: true,
  summary: true,
  bot: { select: { id: true, name: true } },
  botVersion: { select: { number: true } },
  datasetVersion: { select: { number: true, dataset: { select: { id: true, name: true } } } },
} as const;

export async function listEvalRuns(db: Db, workspaceId: string, filters: { botId?: string } = {}) {
  const runs = await db.evalRun.findMany({
    where: { workspaceId, botId: filters.botId },
    orderBy: { createdAt: "desc" },
    take: 100,
    select: { ...runListFields, _count: { select: { results: true } } },
  });
  return runs.map(({ _count, ...run }) => ({ ...run, completed: _count.results }));
}

export async function getEvalRun(db: Db, workspaceId: string, evalRunId: string) {
  const run = await db.evalRun.findFirst({
    where: { id: evalRunId, workspaceId },
    select: {
      ...runListFields,
      evaluators: true,
      concurrency: true,
      repeats: true,
      useCache: true,
      botVersionId: true,
      datasetVersionId: true,
      _count: { select: { results: true } },
    },
  });
  if (!run) throw notFound("Eval run");
  const { _count, ...rest } = run;
  return { ...rest, completed: _count.results };
}

/** Every result with its item, in dataset order. */
export async function listEvalResults(db: Db, workspaceId: string, evalRunId: string) {
  await getEvalRun(db, workspaceId, evalRunId);
  return db.evalResult.findMany({
    where: { evalRunId },
    orderBy: [{ datasetItem: { position: "asc" } }, { variantKey: "asc" }, { repeat: "asc" }],
    select: {
      datasetItemId: true,
      variantKey: true,
      repeat: true,
      output: true,
      scores: true,
      passed: true,
      error: true,
      costUsd: true,
      latencyMs: true,
      runId: true,
      cachedCalls: true,
      savedUsd: true,
      datasetItem: { select: { position: true, input: true, history: true, expected: true } },
    },
  });
}

/**
 * What an eval run's summary reads of its results, in the order `listEvalResults` gives them (the
 * bootstrap's draws follow that order, so the intervals come out the same); the worker reads it when
 * the last pair finishes, so it leaves out the outputs and the items' text.
 */
export function listEvalResultScores(db: Db, workspaceId: string, evalRunId: string) {
  return db.evalResult.findMany({
    where: { evalRunId, evalRun: { workspaceId } },
    orderBy: [{ datasetItem: { position: "asc" } }, { variantKey: "asc" }, { repeat: "asc" }],
    select: {
      datasetItemId: true,
      variantKey: true,
      repeat: true,
      scores: true,
      passed: true,
      error: true,
      costUsd: true,
      latencyMs: true,
    },
  });
}

export function listDonePairs(db: Db, evalRunId: string) {
  return db.evalResult.findMany({ where: { evalRunId }, select: { datasetItemId: true, variantKey: true, repeat: true } });
}

/** Moves an eval run between states; returns false when it was not in one of `from` (someone else moved it). */
export async function setEvalRunStatus(
  db: Db,
  workspaceId: string,
  evalRunId: string,
  from: ("QUEUED" | "RUNNING" | "SUCCEEDED" | "FAILED" | "CANCELLED")[],
  to: "RUNNING" | "SUCCEEDED" | "FAILED" | "CANCELLED",
  summary?: object,
) {
  const { count } = await db.evalRun.updateMany({
    where: { id: evalRunId, workspaceId, status: { in: from } },
    data: {
      status: to,
      finishedAt: to === "RUNNING" ? null : new Date(),
      ...(summary ? { summary: summary as Prisma.InputJsonValue } : {}),
    },
  });
  return count > 0;
}

/** Per variant: model calls answered from the response cache and what they saved (the caller checked the run's workspace). */
export async function evalRunCacheTotals(db: Db, evalRunId: string) {
  const rows = await db.evalResult.groupBy({ by: ["variantKey"], where: { evalRunId }, _sum: { cachedCalls: true, savedUsd: true } });
  return rows.map((row) => ({ variantKey: row.variantKey, cachedCalls: row._sum.cachedCalls ?? 0, savedUsd: row._sum.savedUsd ?? 0 }));
}
