// Dashboard reads over the daily usage rollup, always within a workspace. Each query groups rollup
// rows by what the caller asks for, summing their latency histograms too, and p50/p95 are read from
// the summed histogram here: every breakdown (total, per day, model, bot...) is one indexed scan.
import { dbPool, type Db } from "../client";
import { histogramSumSql, latencyBucketBounds } from "./usage-rollup";

/** Dates are ISO days (2026-11-25), `from` ≤ `to`; the web layer validates what users send. */
export interface UsageFilters {
  from: string;
  to: string;
  botId?: string;
  /** "none" selects runs outside any deployment (the editor's test chat). */
  deploymentId?: string;
  provider?: string;
  model?: string;
}

export const usageGroupings = ["day", "model", "bot", "deployment"] as const;
export type UsageGrouping = (typeof usageGroupings)[number];

const groupColumns: Record<UsageGrouping, string[]> = {
  day: [`"day"`],
  model: [`"provider"`, `"model"`],
  bot: [`"botId"`],
  deployment: [`"deploymentId"`],
};

export interface UsageFigures {
  requests: number;
  errors: number;
  errorRate: number;
  tokensIn: number;
  tokensOut: number;
  costUsd: number;
  /** from the latency histogram: within 10% of the exact percentile */
  latencyP50Ms: number | null;
  latencyP95Ms: number | null;
}

export type UsageRow = UsageFigures & { key: string[] };

interface GroupRow {
  key: string[];
  requests: number;
  errors: number;
  tokensIn: string;
  tokensOut: string;
  costUsd: number;
  /** comma-separated counts: splitting text is several times faster than pg's array parser */
  histogram: string;
}

function whereClause(workspaceId: string, filters: UsageFilters) {
  const values: unknown[] = [workspaceId, filters.from, filters.to];
  const conditions = [`"workspaceId" = $1`, `"day" BETWEEN $2::date AND $3::date`];
  const add = (column: string, value: string | undefined) => {
    if (value === undefined) return;
    values.push(value);
    conditions.push(`"${column}" = $${values.length}`);
  };
  add("botId", filters.botId);
  add("deploymentId", filters.deploymentId === "none" ? "" : filters.deploymentId);
  add("provider", filters.provider);
  add("model", filters.model);
  return { sql: conditions.join(" AND "), values };
}

/** The latency (ms) at quantile q of a histogram, as the geometric middle of the bucket it falls in. */
export function histogramQuantile(histogram: readonly number[], q: number): number | null {
  const total = histogram.reduce((sum, count) => sum + count, 0);
  if (!total) return null;
  const rank = Math.max(1, Math.ceil(q * total));
  let seen = 0;
  for (const [bucket, count] of histogram.entries()) {
    seen += count;
    if (seen >= rank) {
      const [lower, upper] = latencyBucketBounds(bucket);
      return bucket === 0 ? 0 : Math.round(Math.sqrt(lower * upper));
    }
  }
  return null;
}

/** Usage grouped by the given dimensions (none: one row of totals, with an empty key). */
export async function queryUsage(db: Db, workspaceId: string, filters: UsageFilters, groupBy: UsageGrouping[] = []): Promise<UsageRow[]> {
  const columns = groupBy.flatMap((grouping) => groupColumns[grouping]);
  const where = whereClause(workspaceId, filters);
  // grouped by every dimension, each rollup row is its own group: read the rows as they are
  const perRow = usageGroupings.every((grouping) => groupBy.includes(grouping));
  const sum = (expression: string) => (perRow ? expression : `sum(${expression})`);
  const { rows } = await dbPool(db).query<GroupRow>(
    `SELECT ARRAY[${columns.map((column) => `${column}::text`).join(", ")}]::text[] AS key, ${sum(`"requests"`)}::int AS requests,
            ${sum(`"errors"`)}::int AS errors, ${sum(`"tokensIn"`)}::text AS "tokensIn", ${sum(`"tokensOut"`)}::text AS "tokensOut",
            ${sum(`"costUsd"`)} AS "costUsd", array_to_string(${perRow ? `"latencyHistogram"` : histogramSumSql}, ',') AS histogram
       FROM "UsageDaily"
      WHERE ${where.sql}
      ${perRow ? `AND "requests" <> 0 ORDER BY ${columns.join(", ")}` : `${columns.length ? `GROUP BY ${columns.join(", ")}` : ""} HAVING sum("requests") <> 0 ${columns.length ? `ORDER BY ${columns.join(", ")}` : ""}`}`,
    where.values,
  );
  return rows.map(({ key, histogram: counts, ...row }) => {
    const requests = row.requests;
    const histogram = counts.split(",").map(Number);
    return {
      key,
      requests,
      errors: row.errors,
      errorRate: requests ? row.errors / requests : 0,
      tokensIn: Number(row.tokensIn),
      tokensOut: Number(row.tokensOut),
      costUsd: row.costUsd,
      latencyP50Ms: histogramQuantile(histogram, 0.5),
      latencyP95Ms: histogramQuantile(histogram, 0.95),
    };
  });
}

/** The bots, deployments and models that have usage in the workspace, for the filter menus. */
export async function usageDimensions(db: Db, workspaceId: string) {
  const [bots, deployments, models] = await Promise.all([
    db.bot.findMany({ where: { workspaceId }, select: { id: true, name: true }, orderBy: { name: "asc" } }),
    db.deployment.findMany({
      where: { workspaceId },
      select: { id: true, slug: true, bot: { select: { name: true } } },
      orderBy: { slug: "asc" },
    }),
    // a loose index scan: one index probe per distinct model rather than a pass over every rollup row
    dbPool(db).query<{ provider: string; model: string }>(
      `WITH RECURSIVE seen AS (
         (SELECT "provider", "model" FROM "UsageDaily" WHERE "workspaceId" = $1 ORDER BY "provider", "model" LIMIT 1)
         UNION ALL
         SELECT next.* FROM seen, LATERAL (
           SELECT "provider", "model" FROM "UsageDaily"
            WHERE "workspaceId" = $1 AND ("provider", "model") > (seen."provider", seen."model")
            ORDER BY "provider", "model" LIMIT 1) AS next)
       SELECT * FROM seen`,
      [workspaceId],
    ),
  ]);
  return { bots, deployments: deployments.map(({ id, slug, bot }) => ({ id, slug, botName: bot.name })), models: models.rows };
}
