// What an eval-run estimate reads: the latencies the workspace's models showed recently, and which
// inputs earlier eval runs (with the response cache on, still within its expiry) ran through which flow.
import { dbPool, type Db } from "../client";

/** Median latency of a successful provider call per provider kind and model, over the last 7 days. */
export async function recentModelLatencies(db: Db, workspaceId: string) {
  // attempts = 0 marks a step answered from the eval response cache: not a provider's latency
  const { rows } = await dbPool(db).query<{ provider: string; model: string; p50: number }>(
    `SELECT s."provider", s."model", percentile_cont(0.5) WITHIN GROUP (ORDER BY s."latencyMs") AS p50
     FROM "Run" r JOIN "RunStep" s ON s."runId" = r."id"
     WHERE r."workspaceId" = $1 AND r."createdAt" > now() - interval '7 days'
       AND s."status" = 'SUCCEEDED' AND s."model" IS NOT NULL AND s."attempts" > 0 AND s."latencyMs" IS NOT NULL
     GROUP BY s."provider", s."model"`,
    [workspaceId],
  );
  return rows.map((row) => ({ provider: row.provider, model: row.model, p50Ms: Number(row.p50) }));
}

/** The last eval runs on this dataset that filled the response cache: their flow, variants and the inputs each variant answered. */
export async function recentCachedEvalRuns(db: Db, workspaceId: string, datasetId: string, sinceDays: number) {
  const runs = await db.evalRun.findMany({
    where: {
      workspaceId,
      useCache: true,
      datasetVersion: { datasetId },
      createdAt: { gt: new Date(Date.now() - sinceDays * 86_400_000) },
    },
    orderBy: { createdAt: "desc" },
    take: 20,
    select: {
      variants: true,
      botVersion: { select: { graph: true } },
      results: { where: { error: null }, select: { variantKey: true, repeat: true, datasetItem: { select: { input: true } } } },
    },
  });
  return runs.map((run) => ({
    graph: run.botVersion.graph,
    variants: run.variants as { key: string; overrides: Record<string, Record<string, unknown>> }[],
    answered: run.results.map((result) => ({
      variantKey: result.variantKey,
      repeat: result.repeat,
      input: String(result.datasetItem.input),
    })),
  }));
}
