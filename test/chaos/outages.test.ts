// Redis and PostgreSQL killed and restarted under chat traffic (private servers, never the shared
// ones): refused quickly with 503 while down, serving again afterwards without a platform restart,
// no acknowledged message lost. The full-size runs are `npm run bench:load -- redis postgres`.
import { afterEach, describe, expect, it } from "vitest";
import { startChaosPlatform, type ChaosPlatform } from "./harness";
import { outageScenario } from "./scenarios";

const port = Number(process.env.CHAOS_PORT ?? 3283);
let platform: ChaosPlatform | undefined;

afterEach(async () => {
  await platform?.stop();
  platform = undefined;
});

const small = { sessions: 8, beforeMs: 2_000, outageMs: 3_000, afterMs: 4_000, patienceMs: 20_000 };

function expectRecovered(figures: Awaited<ReturnType<typeof outageScenario>>) {
  expect(figures.hung, "requests that hung").toBe(0);
  expect(figures.internalErrors, "500s").toBe(0);
  expect(figures.lost, "acknowledged messages lost").toBe(0);
  expect(figures.before.ok).toBeGreaterThan(0);
  // while down, new messages are refused with 503, and quickly
  expect(figures.during["rejected 503"]).toBeGreaterThan(0);
  expect(figures.refusedLatencyMs.p95).toBeLessThan(5_000);
  // afterwards every session is answered again, by the same web and worker processes
  expect(figures.recovery).toEqual({ ok: small.sessions });
  expect(platform!.web!.child.exitCode).toBeNull();
  for (const worker of platform!.workers) expect(worker.child.exitCode).toBeNull();
}

describe("backing services restarted under load", () => {
  it("survives a Redis restart", async () => {
    platform = await startChaosPlatform({ port, privateRedis: true });
    const figures = await outageScenario(platform, { service: "redis", ...small });
    console.log(JSON.stringify(figures));
    expectRecovered(figures);
  }, 120_000);

  it("survives a PostgreSQL restart", async () => {
    platform = await startChaosPlatform({ port, privatePostgres: true });
    const figures = await outageScenario(platform, { service: "postgres", ...small });
    console.log(JSON.stringify(figures));
    expectRecovered(figures);
  }, 120_000);
});
