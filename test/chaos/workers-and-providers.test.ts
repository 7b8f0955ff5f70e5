// Workers SIGKILLed with runs in flight, and a provider failing 30% of calls: every run ends once,
// succeeded or failed with a reason, and the retry policy keeps its promise. Full size:
// `npm run bench:load -- crash faults`.
import { afterEach, describe, expect, it } from "vitest";
import { startChaosPlatform, type ChaosPlatform } from "./harness";
import { providerFaultScenario, workerCrashScenario } from "./scenarios";

const port = Number(process.env.CHAOS_PORT ?? 3283);
let platform: ChaosPlatform | undefined;

afterEach(async () => {
  await platform?.stop();
  platform = undefined;
});

describe("faults in the middle of runs", () => {
  it("loses no run and duplicates no step when both workers are killed and replaced", async () => {
    // A lock short enough for a quick takeover, long enough that a worker starved of CPU on a busy
    // 2-core machine still renews it: a missed renewal is a false stall (see docs/reliability.md).
    platform = await startChaosPlatform({ port, workerEnv: { WORKER_LOCK_MS: "5000" } });
    const figures = await workerCrashScenario(platform, { runs: 20, providerLatencyMs: 2_000 });
    console.log(JSON.stringify(figures));
    expect(figures.inFlightAtFirstKill).toBe(20);
    expect(figures.notStored).toBe(0);
    expect(figures.stuck).toBe(0);
    expect(figures.duplicatedSteps).toBe(0);
    expect(figures.failedWithoutReason).toBe(0);
    expect(figures.lost).toBe(0);
    // every client heard how its run ended
    expect((figures.clientOutcomes.ok ?? 0) + (figures.clientOutcomes.failed ?? 0)).toBe(20);
    expect(figures.byStatus.SUCCEEDED ?? 0).toBe(figures.clientOutcomes.ok ?? 0);
  });

  it("keeps the success rate the retry policy promises when 30% of provider calls fail", async () => {
    platform = await startChaosPlatform({ port, workers: 1, model: { maxRetries: 2, timeoutMs: 1_000 } });
    const figures = await providerFaultScenario(platform, { messages: 60, concurrency: 15, rate: 0.3, maxRetries: 2 });
    console.log(JSON.stringify(figures));
    // 1 − 0.3³ = 97.3%; with 60 messages, allow three standard deviations (≈ 6%)
    expect(figures.successRate).toBeGreaterThanOrEqual(figures.promisedSuccessRate - 0.065);
    expect(Object.values(figures.injected).reduce((sum, count) => sum + count, 0)).toBeGreaterThan(0);
    // the traces show each attempt: one recorded per provider call, failures with their error
    expect(figures.attemptsInTraces).toBe(figures.providerCalls);
    expect(figures.stepsWhoseTraceMissesAnAttempt).toBe(0);
    expect(figures.failedAttemptsInTraces).toBe(figures.attemptsInTraces - figures.clientOutcomes.ok!);
    expect(figures.lost).toBe(0);
  });
});
