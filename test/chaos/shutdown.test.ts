// SIGTERM, as Kubernetes sends it on a rolling update or scale-down: a worker stops taking jobs,
// finishes (or, past its grace period, hands back) the runs it holds and exits 0; the web app stops
// accepting, lets open SSE streams finish and exits. No run is lost and none is run twice.
import { afterEach, describe, expect, it } from "vitest";
import { publicChat, startChaosPlatform, type ChaosPlatform } from "./harness";
import { workerShutdownScenario } from "./scenarios";

const port = Number(process.env.CHAOS_PORT ?? 3283);
let platform: ChaosPlatform | undefined;

afterEach(async () => {
  await platform?.stop();
  platform = undefined;
});

describe("graceful shutdown", () => {
  it("a worker SIGTERMed mid-load finishes the runs it holds, takes no new ones, and every run completes once", async () => {
    platform = await startChaosPlatform({ port, workerEnv: { WORKER_LOCK_MS: "5000" } });
    const figures = await workerShutdownScenario(platform, { runs: 20, after: 10, providerLatencyMs: 1_500 });
    console.log(JSON.stringify(figures));
    expect(figures.inFlightAtSignal).toBe(20);
    expect(figures.exitCode).toBe(0);
    expect(figures.finishedBeforeExit).toBe(true);
    expect(figures.handedBack).toBe(0);
    expect(figures.clientOutcomes).toEqual({ ok: 30 });
    expect(figures.byStatus).toEqual({ SUCCEEDED: 30 });
    expect(figures.duplicatedSteps).toBe(0);
    expect(figures.lost).toBe(0);
    // one model call per run: nothing was run again
    expect(platform.fixture.stats.byPath["/v1/chat/completions"]).toBe(30);
  });

  it("past its grace period a worker hands its runs back, and another completes each of them once", async () => {
    platform = await startChaosPlatform({ port, workerEnv: { WORKER_LOCK_MS: "5000", WORKER_SHUTDOWN_GRACE_MS: "500" } });
    const figures = await workerShutdownScenario(platform, { runs: 10, after: 5, providerLatencyMs: 3_000 });
    console.log(JSON.stringify(figures));
    expect(figures.exitCode).toBe(0);
    expect(figures.exitMs).toBeLessThan(3_000); // did not wait for the 3 s model calls
    expect(figures.handedBack).toBeGreaterThan(0);
    expect(figures.clientOutcomes).toEqual({ ok: 15 });
    expect(figures.byStatus).toEqual({ SUCCEEDED: 15 });
    expect(figures.duplicatedSteps).toBe(0);
    expect(figures.stuck).toBe(0);
    expect(figures.lost).toBe(0);
  });

  it("the web app stops accepting connections, lets open SSE streams finish, and exits 0", async () => {
    platform = await startChaosPlatform({ port, workers: 1, webEnv: { WEB_SHUTDOWN_GRACE_MS: "20000" } });
    const { baseUrl, bot, fixture } = platform;
    fixture.setBehavior({ latencyMs: 2_000 });
    const streams = Array.from({ length: 5 }, (_, index) =>
      publicChat(baseUrl, bot.publicId, `drain-${index}-${Date.now()}`, `drain ${index}`),
    );
    const deadline = Date.now() + 20_000;
    while (fixture.stats.inFlight < 5 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    const web = platform.web!;
    const exited = new Promise<number | null>((resolve) => web.child.once("exit", (code) => resolve(code)));
    web.child.kill("SIGTERM");
    await new Promise((resolve) => setTimeout(resolve, 200));
    // a new connection is refused: the listener is closed
    const late = await fetch(`${baseUrl}/api/health/live`).then(
      (response) => response.status,
      (error: Error) => (error.cause as { code?: string } | undefined)?.code ?? error.message,
    );
    expect(late).toBe("ECONNREFUSED");
    const outcomes = await Promise.all(streams);
    expect(outcomes.map((outcome) => outcome.kind)).toEqual(["ok", "ok", "ok", "ok", "ok"]);
    expect(await exited).toBe(0);
    expect(web.output()).toMatch(/SIGTERM, finishing open requests/);
  });
});
