// bench/usage: every usage-dashboard query on 1,000,000 seeded run steps in one workspace, plus the
// run admission check (Redis) and the run writer's statement with the rollup on a full table.
//   node --import tsx bench/usage/index.ts [--quick] [--keep]   (or: npm run bench:usage)
// Prints the figures and writes bench/results/usage.json. --quick seeds 100,000 steps.
import { randomUUID } from "node:crypto";
import {
  createDb,
  createUserWithWorkspace,
  queryUsage,
  readBudgetState,
  RunWriter,
  usageDimensions,
  type UsageFilters,
} from "@switchyard/db";
import { createBudgetGate, createRedis } from "@switchyard/queue";
import { createMigratedDatabase } from "../../test/support/database";
import { round, summarize, writeResult } from "../support/stats";
import { seedUsage } from "./seed";

const quick = process.argv.includes("--quick");
const steps = quick ? 100_000 : 1_000_000;
const iterations = quick ? 10 : 40;

const database = await createMigratedDatabase("bench_usage");
const db = createDb(database.url, 8);
const redis = createRedis(process.env.REDIS_URL ?? "redis://127.0.0.1:6379");
const redisPrefix = `bench-usage-${randomUUID()}:`;
try {
  const { workspace } = await createUserWithWorkspace(db, { email: `bench-${randomUUID()}@example.com`, name: "bench" });
  const seedStarted = performance.now();
  const seeded = await seedUsage(database.url, workspace.id, { steps });
  const seedSeconds = round((performance.now() - seedStarted) / 1000, 1);
  console.log(`seeded ${seeded.steps} steps, ${seeded.runs} runs, ${seeded.rollupRows} rollup rows in ${seedSeconds} s`);

  const day = (daysAgo: number) => new Date(Date.now() - daysAgo * 86_400_000).toISOString().slice(0, 10);
  const dimensions = await usageDimensions(db, workspace.id);
  const ranges: Record<string, UsageFilters> = {
    "last 30 days": { from: day(29), to: day(0) },
    "all 90 days": { from: day(90), to: day(0) },
    "90 days, one bot and model": { from: day(90), to: day(0), botId: dimensions.bots[0]!.id, model: "gpt-4o-mini" },
  };
  const queries = {
    totals: (filters: UsageFilters) => queryUsage(db, workspace.id, filters),
    "per day": (filters: UsageFilters) => queryUsage(db, workspace.id, filters, ["day"]),
    "per model": (filters: UsageFilters) => queryUsage(db, workspace.id, filters, ["model"]),
    "per bot": (filters: UsageFilters) => queryUsage(db, workspace.id, filters, ["bot"]),
    "per deployment": (filters: UsageFilters) => queryUsage(db, workspace.id, filters, ["deployment"]),
    "CSV rows (day x bot x deployment x model)": (filters: UsageFilters) =>
      queryUsage(db, workspace.id, filters, ["day", "bot", "deployment", "model"]),
    "filter menus": () => usageDimensions(db, workspace.id),
  };

  const time = async (run: () => Promise<unknown>) => {
    await run(); // warm
    const samples: number[] = [];
    for (let index = 0; index < iterations; index++) {
      const started = performance.now();
      await run();
      samples.push(performance.now() - started);
    }
    return summarize(samples);
  };

  const dashboard: Record<string, Record<string, ReturnType<typeof summarize>>> = {};
  for (const [range, filters] of Object.entries(ranges)) {
    dashboard[range] = {};
    for (const [name, query] of Object.entries(queries)) {
      dashboard[range][name] = await time(() => query(filters));
      console.log(`${range.padEnd(28)} ${name.padEnd(42)} p50 ${dashboard[range][name].p50} ms  p95 ${dashboard[range][name].p95} ms`);
    }
    // the page runs its queries together (the CSV export is its own request)
    dashboard[range]["whole page (all queries at once)"] = await time(() =>
      Promise.all(Object.entries(queries).flatMap(([name, query]) => (name.startsWith("CSV") ? [] : [query(filters)]))),
    );
    console.log(
      `${range.padEnd(28)} ${"whole page (all queries at once)".padEnd(42)} p95 ${dashboard[range]["whole page (all queries at once)"].p95} ms`,
    );
  }

  // admission: one Redis round trip per run start (figures already loaded)
  process.env.REDIS_KEY_PREFIX = redisPrefix;
  const prefixed = createRedis(process.env.REDIS_URL ?? "redis://127.0.0.1:6379");
  const gate = createBudgetGate({ redis: prefixed, load: (scope, at) => readBudgetState(db, scope, at) });
  await db.workspace.update({ where: { id: workspace.id }, data: { monthlyBudgetUsd: 1e9 } });
  const admitSamples: number[] = [];
  for (let index = 0; index < (quick ? 200 : 2_000); index++) {
    const runId = randomUUID();
    const started = performance.now();
    await gate.admit({ runId, workspaceId: workspace.id, deploymentId: null });
    admitSamples.push(performance.now() - started);
    await gate.settle({ runId, workspaceId: workspace.id, deploymentId: null, createdAt: Date.now(), costUsd: 0.001 });
  }
  const admission = summarize(admitSamples.slice(1)); // the first one reads PostgreSQL
  console.log(`admission check                       p50 ${admission.p50} ms  p95 ${admission.p95} ms`);
  await prefixed.del(`budget:{${workspace.id}}:state`, `budget:{${workspace.id}}:holds`);
  await prefixed.quit();

  // the writer's statement (run + 4 steps) with a full rollup table: with two model calls (two
  // rollup upserts) and with none (the rollup part finds nothing to do), interleaved
  const writer = new RunWriter(database.url, 1);
  const writeSamples: Record<"model" | "none", number[]> = { model: [], none: [] };
  const botId = dimensions.bots[0]!.id;
  for (let index = 0; index < (quick ? 100 : 600); index++) {
    const kind = index % 2 ? "model" : "none";
    const now = Date.now();
    const runId = randomUUID();
    const step = (nodeId: string, model: string | null) => ({
      runId,
      nodeId,
      nodeType: model ? "model" : "chat-input",
      status: "SUCCEEDED" as const,
      attempts: 1,
      input: { text: "hello" },
      output: { text: "world" },
      error: null,
      provider: model ? "OPENAI" : null,
      model,
      tokensIn: 120,
      tokensOut: 40,
      costUsd: 0.0001,
      detail: null,
      startedAt: now,
      finishedAt: now + 300 + index,
    });
    const started = performance.now();
    await writer.write(
      {
        id: runId,
        workspaceId: workspace.id,
        botId,
        botVersionId: null,
        deploymentId: null,
        source: "API",
        sessionId: null,
        input: { message: "hello" },
        status: "SUCCEEDED",
        output: { text: "world" },
        error: null,
        tokensIn: 240,
        tokensOut: 80,
        costUsd: 0.0002,
        latencyMs: 700,
        createdAt: now,
        startedAt: now,
        finishedAt: now + 700,
      },
      [
        step("input", null),
        step("a", kind === "model" ? "gpt-4o-mini" : null),
        step("b", kind === "model" ? "gpt-4.1" : null),
        step("output", null),
      ],
    );
    writeSamples[kind].push(performance.now() - started);
  }
  await writer.close();
  const write = { withTwoModelCalls: summarize(writeSamples.model), withoutModelCalls: summarize(writeSamples.none) };
  console.log(`run write, 2 model calls (2 rollup upserts)  p50 ${write.withTwoModelCalls.p50} ms  p95 ${write.withTwoModelCalls.p95} ms`);
  console.log(`run write, no model call                     p50 ${write.withoutModelCalls.p50} ms  p95 ${write.withoutModelCalls.p95} ms`);

  await writeResult("usage", {
    note: "Shared 2-core machine with other engineers' builds and tests running: figures are noisy.",
    seeded: { ...seeded, seconds: seedSeconds },
    iterationsPerQuery: iterations,
    dashboardMs: dashboard,
    admissionCheckMs: admission,
    runWriteMs: write,
  });
} finally {
  await redis.quit();
  await db.$disconnect();
  if (!process.argv.includes("--keep")) await database.drop();
  else console.log(`kept ${database.url}`);
}
