// Generates usage for the dashboard: bots, deployments, runs and their model steps spread over the
// last `days` days, written by a few set-based SQL statements (generate_series), then the daily
// rollup built from the steps with GROUP BY: the same rows the run writer keeps up run by run.
//   node --import tsx bench/usage/seed.ts <DATABASE_URL> <workspaceId> [steps]
import { histogramOfOneSql, latencyBucketSql } from "@switchyard/db";
import { builtInCatalog } from "@switchyard/providers";
import pg from "pg";

export interface SeedOptions {
  /** model steps to create; runs have two each */
  steps: number;
  days?: number;
  /** deterministic data for the same seed */
  seed?: number;
}

const botNames = [
  "Support assistant",
  "Sales qualifier",
  "Docs search",
  "Onboarding guide",
  "Ticket triage",
  "Refund helper",
  "Release notes writer",
  "Code reviewer",
  "Meeting summariser",
  "HR policy bot",
  "Translation desk",
  "Incident responder",
];
const deployedBots = 4;
// traffic share per model: a cheap default, frontier models for the hard cases, one local model
const modelMix: { provider: string; model: string; weight: number; latencyScale: number }[] = [
  { provider: "OPENAI", model: "gpt-4o-mini", weight: 45, latencyScale: 1 },
  { provider: "OPENAI", model: "gpt-4.1", weight: 12, latencyScale: 2.2 },
  { provider: "ANTHROPIC", model: "claude-sonnet-4-5", weight: 12, latencyScale: 2.5 },
  { provider: "ANTHROPIC", model: "claude-3-5-haiku-latest", weight: 11, latencyScale: 1.2 },
  { provider: "GOOGLE", model: "gemini-2.5-flash", weight: 8, latencyScale: 0.9 },
  { provider: "OLLAMA", model: "llama3.1:8b", weight: 12, latencyScale: 1.6 },
];

export async function seedUsage(databaseUrl: string, workspaceId: string, options: SeedOptions) {
  const days = options.days ?? 90;
  const runs = Math.ceil(options.steps / 2);
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const prefix = `seed-${workspaceId}`;
  try {
    await client.query("BEGIN");
    await client.query("SET LOCAL synchronous_commit = off");
    await client.query(`SELECT setseed($1)`, [((options.seed ?? 42) % 1000) / 1000]);
    const graph = JSON.stringify({ nodes: [], edges: [] });
    await client.query(
      `INSERT INTO "Bot" (id, "workspaceId", name, "draftGraph", "updatedAt")
       SELECT $1 || '-bot-' || i, $2, name, $3::jsonb, now() FROM unnest($4::text[]) WITH ORDINALITY AS t(name, i)`,
      [prefix, workspaceId, graph, botNames],
    );
    await client.query(
      `INSERT INTO "BotVersion" (id, "botId", number, graph)
       SELECT $1 || '-ver-' || i, $1 || '-bot-' || i, 1, $2::jsonb FROM generate_series(1, $3) i`,
      [prefix, graph, deployedBots],
    );
    await client.query(
      `INSERT INTO "Deployment" (id, "workspaceId", "botId", "botVersionId", "publicId", slug, "allowedOrigins", "updatedAt")
       SELECT $1 || '-dep-' || i, $2, $1 || '-bot-' || i, $1 || '-ver-' || i, $1 || '-pub-' || i,
              (ARRAY['support-widget','sales-api','docs-widget','onboarding-api'])[i], '{}', now()
         FROM generate_series(1, $3) i`,
      [prefix, workspaceId, deployedBots],
    );
    // the mix as cumulative weights, with each model's catalog price
    const total = modelMix.reduce((sum, item) => sum + item.weight, 0);
    let cumulative = 0;
    const mix = modelMix.map((item) => {
      cumulative += item.weight / total;
      const price = builtInCatalog.find((entry) => entry.provider === item.provider && entry.model === item.model)!;
      return { ...item, upTo: cumulative, input: price.inputPerMillion, output: price.outputPerMillion };
    });
    await client.query(
      `CREATE TEMP TABLE seed_mix ON COMMIT DROP AS
       SELECT * FROM unnest($1::text[], $2::text[], $3::float8[], $4::float8[], $5::float8[], $6::float8[])
                AS t(provider, model, up_to, latency_scale, input, output)`,
      [
        mix.map((item) => item.provider),
        mix.map((item) => item.model),
        mix.map((item) => item.upTo),
        mix.map((item) => item.latencyScale),
        mix.map((item) => item.input),
        mix.map((item) => item.output),
      ],
    );
    // runs: bots of unequal popularity, a deployment for most runs of deployed bots, more traffic lately
    await client.query(
      `CREATE TEMP TABLE seed_runs ON COMMIT DROP AS
       SELECT $1 || '-run-' || g AS id, bot,
              CASE WHEN bot <= $4 AND random() < 0.8 THEN $1 || '-dep-' || bot END AS dep,
              date_trunc('milliseconds', now() - make_interval(secs => ($3 * 86400) * power(random(), 1.3))) AS at
         FROM (SELECT g, 1 + floor(12 * power(random(), 1.8))::int AS bot FROM generate_series(1, $2) g) AS picked`,
      [prefix, runs, days, deployedBots],
    );
    await client.query(
      `CREATE TEMP TABLE seed_steps ON COMMIT DROP AS
       SELECT r.id AS run, r.bot, r.dep, r.at, n, m.provider, m.model, tin, tout,
              (tin * m.input + tout * m.output) / 1e6 AS cost,
              greatest(1, (m.latency_scale * 180 * exp(random() * 2.2))::int) AS lat,
              CASE WHEN random() < 0.015 THEN 'FAILED' ELSE 'SUCCEEDED' END AS status
         FROM seed_runs r
        CROSS JOIN generate_series(1, 2) n
        CROSS JOIN LATERAL (SELECT random() AS pick, 100 + floor(2900 * random())::int AS tin, 20 + floor(700 * random())::int AS tout,
                                   r.id AS keep) AS draw
        CROSS JOIN LATERAL (SELECT * FROM seed_mix WHERE seed_mix.up_to >= draw.pick ORDER BY up_to LIMIT 1) AS m`,
    );
    await client.query(
      `INSERT INTO "Run" (id, "workspaceId", "botId", "deploymentId", source, status, input, output, "tokensIn", "tokensOut", "costUsd",
                          "latencyMs", "createdAt", "startedAt", "finishedAt")
       SELECT run, $2, $1 || '-bot-' || min(bot), min(dep), (CASE WHEN min(dep) IS NULL THEN 'EDITOR' ELSE 'API' END)::"RunSource",
              (CASE WHEN bool_or(status = 'FAILED') THEN 'FAILED' ELSE 'SUCCEEDED' END)::"RunStatus",
              '{"message":"seeded"}'::jsonb, NULL, sum(tin), sum(tout), sum(cost), sum(lat) + 5, min(at), min(at),
              min(at) + make_interval(secs => (sum(lat) + 5) / 1000.0)
         FROM seed_steps GROUP BY run`,
      [prefix, workspaceId],
    );
    await client.query(
      `INSERT INTO "RunStep" (id, "runId", "nodeId", "nodeType", status, provider, model, "tokensIn", "tokensOut", "costUsd", "latencyMs",
                              "startedAt", "finishedAt")
       SELECT run || '-' || n, run, 'model-' || n, 'model', status::"RunStatus", provider, model, tin, tout, cost, lat,
              at, at + make_interval(secs => lat / 1000.0)
         FROM seed_steps`,
    );
    // per bucket first, then one histogram per rollup row
    await client.query(
      `INSERT INTO "UsageDaily" ("workspaceId", day, "botId", "deploymentId", provider, model,
                                 requests, errors, "tokensIn", "tokensOut", "costUsd", "latencyHistogram")
       SELECT $2, day, $1 || '-bot-' || bot, coalesce(dep, ''), provider, model, sum(n), sum(e), sum(tin), sum(tout), sum(cost),
              usage_histogram_sum(${histogramOfOneSql("bucket", "n::int")})
         FROM (SELECT at::date AS day, bot, dep, provider, model, ${latencyBucketSql("lat")} AS bucket, count(*) AS n,
                      count(*) FILTER (WHERE status = 'FAILED') AS e, sum(tin) AS tin, sum(tout) AS tout, sum(cost) AS cost
                 FROM seed_steps GROUP BY 1, 2, 3, 4, 5, 6) AS per_bucket
        GROUP BY day, bot, dep, provider, model`,
      [prefix, workspaceId],
    );
    await client.query("COMMIT");
    await client.query(`ANALYZE "Run"; ANALYZE "RunStep"; ANALYZE "UsageDaily"`);
    const { rows } = await client.query<{ rollup: number }>(`SELECT count(*)::int AS rollup FROM "UsageDaily" WHERE "workspaceId" = $1`, [
      workspaceId,
    ]);
    return { runs, steps: runs * 2, rollupRows: rows[0]!.rollup };
  } catch (error) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw error;
  } finally {
    await client.end();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [url, workspaceId, steps] = process.argv.slice(2);
  if (!url || !workspaceId) {
    console.error("usage: node --import tsx bench/usage/seed.ts <DATABASE_URL> <workspaceId> [steps]");
    process.exit(1);
  }
  const started = performance.now();
  const result = await seedUsage(url, workspaceId, { steps: Number(steps ?? 1_000_000) });
  console.log(
    `seeded ${result.steps} steps (${result.runs} runs, ${result.rollupRows} rollup rows) in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
}
