// The daily usage rollup ("UsageDaily") is kept exact by the run writer's own statement: every
// written model step adds itself, and the version of the same step already stored (a run re-executed
// after a worker crash upserts its steps again) subtracts itself, so totals never count a step twice.
// Rows are per day, bot, deployment and model, so their number grows with those, not with traffic.
// Latency is a histogram in each row: bucket b >= 1 counts calls of [1.3^(b-1), 1.3^b) ms, so a
// percentile read from it (the bucket's geometric middle) is within 14% of the exact value.

export const LATENCY_BUCKET_RATIO = 1.3;
export const LATENCY_BUCKETS = 54; // 1.3^53 ms is about 18 minutes: longer calls share the last bucket

/** SQL for the (0-based) bucket of a latency in ms; 0 holds sub-millisecond calls. */
export const latencyBucketSql = (latency: string) =>
  `CASE WHEN ${latency} < 1 THEN 0 ELSE least(floor(ln(${latency}) / ln(${LATENCY_BUCKET_RATIO}))::int + 1, ${LATENCY_BUCKETS - 1}) END`;

/** SQL for a histogram holding `count` in `bucket`. */
export const histogramOfOneSql = (bucket: string, count: string) =>
  `array_fill(0, ARRAY[${bucket}]) || ARRAY[${count}]::int[] || array_fill(0, ARRAY[${LATENCY_BUCKETS - 1} - ${bucket}])`;

/** SQL for a histogram written out element by element: `ARRAY[element(0), …, element(last bucket)]`. */
const perBucketSql = (element: (index: number) => string) =>
  `ARRAY[${Array.from({ length: LATENCY_BUCKETS }, (_, index) => element(index)).join(", ")}]`;

/** SQL summing the histograms of grouped rows, element by element (plain sums: fast on many rows). */
export const histogramSumSql = `${perBucketSql((index) => `sum("latencyHistogram"[${index + 1}])`)}::int[]`;

/** SQL aggregating `count` per `bucket` over grouped rows into one histogram. */
const histogramOfBucketsSql = (bucket: string, count: string) =>
  `${perBucketSql((index) => `coalesce(sum(${count}) FILTER (WHERE ${bucket} = ${index}), 0)`)}::int[]`;

/** SQL adding two histograms element by element (a missing or shorter one counts as zeros). */
const histogramAddSql = (a: string, b: string) =>
  perBucketSql((index) => `coalesce(${a}[${index + 1}], 0) + coalesce(${b}[${index + 1}], 0)`);

/** The latencies (ms) a bucket holds, as [lower, upper). */
export function latencyBucketBounds(bucket: number): [number, number] {
  if (bucket <= 0) return [0, 1];
  return [LATENCY_BUCKET_RATIO ** (bucket - 1), LATENCY_BUCKET_RATIO ** bucket];
}

/**
 * The rollup upsert, as the final part of the writer's statement. It reads two earlier CTEs:
 * `runs` (the upserted runs, RETURNING id, workspace, bot, deployment) and `old_steps` (the stored
 * steps this statement overwrites, read from the statement's snapshot, i.e. before the upsert), and
 * the step input columns of `step_input`. Rows are grouped (one update per rollup row per statement)
 * and sorted by key so concurrent writers lock rollup rows in the same order and cannot deadlock.
 * The histograms are summed by plain expressions (`histogramOfBucketsSql`, `histogramAddSql`), not by
 * the migration's SQL functions usage_histogram_sum/_add: PostgreSQL cannot inline those here (an
 * aggregate's transition function, a call in ON CONFLICT), so it plans their bodies again in every
 * statement, which cost the writer's statement more than all the rest of the rollup.
 */
export const upsertUsageRollup = `
INSERT INTO "UsageDaily" ("workspaceId","day","botId","deploymentId","provider","model",
                          "requests","errors","tokensIn","tokensOut","costUsd","latencyHistogram")
SELECT ws, day, bot, dep, prov, mdl, sum(n), sum(e), sum(tin), sum(tout), sum(cost), ${histogramOfBucketsSql("bucket", "n")}
  FROM (SELECT r."workspaceId" AS ws, (to_timestamp(i.sta / 1000.0) AT TIME ZONE 'UTC')::date AS day, r."botId" AS bot,
               coalesce(r."deploymentId", '') AS dep, coalesce(i.prov, '') AS prov, i.mdl, ${latencyBucketSql("(i.fin - i.sta)")} AS bucket,
               1 AS n, (i.st = 'FAILED')::int AS e, i.tin::bigint AS tin, i.tout::bigint AS tout, i.cost
          FROM step_input i JOIN runs r ON r.id = i.run
         WHERE i.mdl IS NOT NULL
        UNION ALL
        SELECT o."workspaceId", o."startedAt"::date, o."botId", coalesce(o."deploymentId", ''), coalesce(o.provider, ''), o.model,
               ${latencyBucketSql(`coalesce(o."latencyMs", 0)`)}, -1, -((o.status = 'FAILED')::int), -o."tokensIn"::bigint, -o."tokensOut"::bigint, -o."costUsd"
          FROM old_steps o
         WHERE o.model IS NOT NULL) AS delta
 GROUP BY ws, day, bot, dep, prov, mdl
 ORDER BY ws, day, bot, dep, prov, mdl
ON CONFLICT ("workspaceId","day","botId","deploymentId","provider","model") DO UPDATE SET
  "requests" = "UsageDaily"."requests" + EXCLUDED."requests", "errors" = "UsageDaily"."errors" + EXCLUDED."errors",
  "tokensIn" = "UsageDaily"."tokensIn" + EXCLUDED."tokensIn", "tokensOut" = "UsageDaily"."tokensOut" + EXCLUDED."tokensOut",
  "costUsd" = "UsageDaily"."costUsd" + EXCLUDED."costUsd",
  "latencyHistogram" = ${histogramAddSql(`"UsageDaily"."latencyHistogram"`, `EXCLUDED."latencyHistogram"`)}`;
