// bench/load: the real platform (web + 2 workers, Redis, PostgreSQL, the OpenAI-compatible fixture
// at 50 ms) under load and under faults. Each scenario starts its own platform, so one cannot skew
// the next.
//   npm run bench:load                     every scenario at full size
//   npm run bench:load -- --quick          every scenario at a fifth of the size
//   npm run bench:load -- load crash       only the named scenarios (load, crash, redis, postgres, faults)
// Uses ports BENCH_PORT..BENCH_PORT+2 (default 3286: web, private Redis, private PostgreSQL). Prints
// the figures and writes bench/results/load.json.
import os from "node:os";
import { writeResult } from "../support/stats";
import { startChaosPlatform, type ChaosOptions } from "../../test/chaos/harness";
import { loadScenario, outageScenario, providerFaultScenario, workerCrashScenario } from "../../test/chaos/scenarios";

const loadAverageAtStart = Math.round(os.loadavg()[0]! * 100) / 100;
const args = process.argv.slice(2);
const quick = args.includes("--quick");
const only = args.filter((arg) => !arg.startsWith("--"));
const scale = (count: number) => (quick ? Math.ceil(count / 5) : count);
const port = Number(process.env.BENCH_PORT ?? 3286);
const PROVIDER_LATENCY_MS = 50;

async function withPlatform<T>(
  options: Omit<ChaosOptions, "port">,
  scenario: (platform: Awaited<ReturnType<typeof startChaosPlatform>>) => Promise<T>,
) {
  const platform = await startChaosPlatform({ port, fixture: { latencyMs: PROVIDER_LATENCY_MS }, ...options });
  try {
    return await scenario(platform);
  } finally {
    await platform.stop();
  }
}

const scenarios: Record<string, () => Promise<unknown>> = {
  load: () =>
    withPlatform({}, async (platform) => ({
      publicChat: await loadScenario(platform, {
        sessions: scale(200),
        messages: 10,
        via: "public",
        providerLatencyMs: PROVIDER_LATENCY_MS,
      }),
      chatCompletions: await loadScenario(platform, {
        sessions: scale(200),
        messages: 10,
        via: "v1",
        providerLatencyMs: PROVIDER_LATENCY_MS,
      }),
    })),
  crash: () =>
    // a short lock: a killed worker's runs are taken over after 2 s instead of 30 s
    withPlatform({ workerEnv: { WORKER_LOCK_MS: "2000" } }, (platform) =>
      workerCrashScenario(platform, { runs: scale(100), providerLatencyMs: 3_000 }),
    ),
  redis: () =>
    withPlatform({ privateRedis: true }, (platform) =>
      outageScenario(platform, {
        service: "redis",
        sessions: scale(50),
        beforeMs: 5_000,
        outageMs: 5_000,
        afterMs: 10_000,
        patienceMs: 30_000,
      }),
    ),
  postgres: () =>
    withPlatform({ privatePostgres: true }, (platform) =>
      outageScenario(platform, {
        service: "postgres",
        sessions: scale(50),
        beforeMs: 5_000,
        outageMs: 5_000,
        afterMs: 10_000,
        patienceMs: 30_000,
      }),
    ),
  faults: () =>
    withPlatform({ model: { maxRetries: 2, timeoutMs: 1_000 } }, (platform) =>
      providerFaultScenario(platform, { messages: scale(500), concurrency: 25, rate: 0.3, maxRetries: 2 }),
    ),
};

const figures: Record<string, unknown> = {};
for (const [name, scenario] of Object.entries(scenarios)) {
  if (only.length && !only.includes(name)) continue;
  console.log(`\n━━ ${name} ━━`);
  figures[name] = await scenario();
  console.log(JSON.stringify(figures[name], null, 2));
}
await writeResult(only.length ? `load-${only.join("-")}` : "load", {
  // everything (platform, services, fixture, load generator) shares this machine's cores
  loadAverageAtStart: loadAverageAtStart,
  quick,
  providerLatencyMs: PROVIDER_LATENCY_MS,
  ...figures,
});
process.exit(0);
