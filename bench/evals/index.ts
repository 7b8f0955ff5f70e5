// bench/evals: an eval run of 1,000 items × 4 variants against the fixture at 100 ms latency with a
// per-provider concurrency of 32, through the real worker, BullMQ, Redis and PostgreSQL. The ideal is
// 4,000 × 0.1 s / 32 = 12.5 s; the target is at most 1.25× that with every result persisted. Then the
// same eval run again, answered from the response cache: it must make 0 provider calls and finish
// within 1.5× the time the database alone needs to write its results (cached-rerun.ts).
// --repeats: 200 items × 2 variants × 5 repeats instead (2,000 calls, ideal 6.25 s), same target.
//   node --import tsx bench/evals/index.ts      (or: npm run bench:evals; --quick runs 200 items, --repeats, --workers N)
// Prints the figures and writes bench/results/evals.json.
import os from "node:os";
import { createCredential, createDataset, createUserWithWorkspace, createBot, getDb, getEvalRun, publishVersion } from "@switchyard/db";
import { evaluatorSchema } from "@switchyard/evals";
import { createBullConnection, createEvalQueue, createRedis } from "@switchyard/queue";
import { startEvalRun } from "@switchyard/runner";
import { measureWriteFloor } from "./cached-rerun";
import { chatFlow } from "../../test/integration/support";
import { startBenchPlatform } from "../support/platform";
import { round, writeResult } from "../support/stats";

const quick = process.argv.includes("--quick");
const withRepeats = process.argv.includes("--repeats");
const items = quick || withRepeats ? 200 : 1_000;
const variants = withRepeats ? 2 : 4;
const repeats = withRepeats ? 5 : 1;
const concurrency = 32;
const latencyMs = 100;
const models = ["bench-a", "bench-b", "bench-c", "bench-d"].slice(0, variants);

// --workers N: worker processes (default 1; on a quiet machine one per core)
const workersFlag = process.argv.indexOf("--workers");
const workers = workersFlag > 0 ? Number(process.argv[workersFlag + 1]) : 1;
const platform = await startBenchPlatform({
  workers,
  workerEnv: { EVAL_WORKER_CONCURRENCY: "64" },
  // PROFILE=1 writes CPU profiles of the workers to bench/results/profiles
  workerNodeArgs: process.env.PROFILE ? ["--cpu-prof", "--cpu-prof-dir=bench/results/profiles"] : [],
  fixture: { latencyMs, replies: Object.fromEntries(models.map((model, index) => [model, index % 2 ? "Paris" : "It is Paris."])) },
});
const db = getDb();
const redis = createRedis(process.env.REDIS_URL!);
const bull = createBullConnection(process.env.REDIS_URL!);
const queue = createEvalQueue(bull);

const { workspace } = await createUserWithWorkspace(db, { email: "bench-evals@example.com", name: "bench" });
const credential = await createCredential(
  db,
  workspace.id,
  { name: "fixture", kind: "OPENAI_COMPATIBLE", baseUrl: `${platform.fixture.url}/v1` },
  process.env.SWITCHYARD_SECRET!,
);
const bot = await createBot(db, workspace.id, { name: "bench", graph: chatFlow({ credentialId: credential.id, model: models[0] }) });
const version = await publishVersion(db, workspace.id, bot.id, {});
const dataset = await createDataset(db, workspace.id, {
  name: "bench",
  rows: Array.from({ length: items }, (_, index) => ({ input: `Capital of France? (${index})`, expected: "Paris", metadata: null })),
});

const input = {
  name: "bench",
  botId: bot.id,
  botVersionId: version.id,
  datasetVersionId: dataset.version.id,
  variants: models.map((model) => ({ key: model, label: model, overrides: { model: { model } } })),
  evaluators: [evaluatorSchema.parse({ id: "exact", kind: "exact_match" }), evaluatorSchema.parse({ id: "has", kind: "contains" })],
  concurrency,
  repeats,
};
const untilFinished = async (evalRunId: string) => {
  for (;;) {
    const run = await getEvalRun(db, workspace.id, evalRunId);
    if (run.status !== "RUNNING") return run;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
};
const providerCalls = () => platform.fixture.stats.byPath["/v1/chat/completions"] ?? 0;

const loadBefore = os.loadavg()[0]!;
const began = performance.now();
const evalRun = await startEvalRun({ db, redis, queue }, workspace.id, input);
const enqueuedSeconds = (performance.now() - began) / 1000;
let peakInFlight = 0;
let inFlightSum = 0;
let samples = 0;
const sampler = setInterval(() => {
  peakInFlight = Math.max(peakInFlight, platform.fixture.stats.inFlight);
  inFlightSum += platform.fixture.stats.inFlight;
  samples++;
}, 10);
await untilFinished(evalRun.id);
const seconds = (performance.now() - began) / 1000;
clearInterval(sampler);

const [results, runs, finished] = await Promise.all([
  db.evalResult.count({ where: { evalRunId: evalRun.id } }),
  db.run.count({ where: { botId: bot.id, source: "EVAL", status: "SUCCEEDED" } }),
  getEvalRun(db, workspace.id, evalRun.id),
]);

// the same eval run again: every call answered from the response cache
const callsBefore = providerCalls();
const rerunBegan = performance.now();
const rerun = await startEvalRun({ db, redis, queue }, workspace.id, { ...input, name: "bench (cached)" });
const rerunStatus = (await untilFinished(rerun.id)).status;
const rerunSeconds = (performance.now() - rerunBegan) / 1000;
const rerunProviderCalls = providerCalls() - callsBefore;
const rerunCached = await db.evalResult.aggregate({ where: { evalRunId: rerun.id }, _sum: { cachedCalls: true }, _count: true });
const floorSeconds = await measureWriteFloor(db, platform.databaseUrl, workspace.id, evalRun.id, input, 64);

const pairs = items * variants * repeats;
const ideal = (pairs * latencyMs) / 1000 / concurrency;
const figures = {
  setup: `${workers} worker process${workers > 1 ? "es" : ""} (64 eval job slots each), PostgreSQL 15, Redis 7, OpenAI-compatible fixture at ${latencyMs} ms latency, all on this 2-core machine shared with other work`,
  items,
  variants,
  repeats,
  concurrencyPerProvider: concurrency,
  status: finished.status,
  seconds: round(seconds),
  idealSeconds: round(ideal),
  ratioToIdeal: round(seconds / ideal),
  target: "≤ 1.25× ideal",
  metTarget: seconds <= ideal * 1.25 && results === pairs,
  // the machine is shared: a 1-minute load average far above 2 (its cores) means the figure is mostly waiting for CPU
  loadAverage1m: { before: round(loadBefore), after: round(os.loadavg()[0]!) },
  enqueueSeconds: round(enqueuedSeconds),
  pairsPerSecond: round(pairs / seconds),
  peakProviderRequestsInFlight: peakInFlight,
  // below the limit on average means the workers, not the provider limit, set the pace
  meanProviderRequestsInFlight: round(inFlightSum / Math.max(1, samples)),
  resultsPersisted: results,
  evalRunsPersisted: runs,
  cachedRerun: {
    status: rerunStatus,
    seconds: round(rerunSeconds),
    providerCalls: rerunProviderCalls,
    callsFromCache: rerunCached._sum.cachedCalls ?? 0,
    resultsPersisted: rerunCached._count,
    // the same runs (with their steps) and results written straight through the worker's writers, 64 pairs in flight
    databaseWriteSeconds: round(floorSeconds),
    ratioToDatabaseWrite: round(rerunSeconds / floorSeconds),
    target: "0 provider calls, ≤ 1.5× the database write time",
    metTarget: rerunProviderCalls === 0 && rerunSeconds <= floorSeconds * 1.5 && rerunCached._count === pairs,
  },
};
console.log(JSON.stringify(figures, null, 2));
await writeResult(withRepeats ? "evals-repeats" : quick ? "evals-quick" : "evals", figures);
await queue.close();
await Promise.all([redis.quit(), bull.quit()]);
await platform.stop();
process.exit(figures.resultsPersisted === pairs && figures.cachedRerun.providerCalls === 0 ? 0 : 1);
