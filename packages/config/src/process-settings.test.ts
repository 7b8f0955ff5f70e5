import { describe, expect, it } from "vitest";
import { readWebSettings, readWorkerSettings } from "./process-settings";

describe("process settings", () => {
  it("defaults every worker setting when none is set", () => {
    expect(readWorkerSettings({})).toEqual({
      WORKER_CONCURRENCY: 64,
      WORKER_LOCK_MS: 30_000,
      EVAL_WORKER_CONCURRENCY: 128,
      EVAL_CACHE_TTL_DAYS: 30,
      WORKER_SHUTDOWN_GRACE_MS: 25_000,
      WORKER_ANNOUNCE_BEFORE_STORED: true,
      WORKER_HEALTH_PORT: undefined,
      WORKER_HEALTH_HOSTNAME: "0.0.0.0",
      TELEMETRY_QUEUE_SIZE: 2_048,
      TELEMETRY_BATCH_DELAY_MS: 1_000,
      TELEMETRY_EXPORT_TIMEOUT_MS: 10_000,
      TELEMETRY_REPORT_MS: 10_000,
    });
  });

  it("reads numbers from their text and treats an empty health port as unset", () => {
    const settings = readWorkerSettings({ WORKER_CONCURRENCY: "8", WORKER_SHUTDOWN_GRACE_MS: "0", WORKER_HEALTH_PORT: "" });
    expect(settings).toMatchObject({ WORKER_CONCURRENCY: 8, WORKER_SHUTDOWN_GRACE_MS: 0, WORKER_HEALTH_PORT: undefined });
    expect(readWorkerSettings({ WORKER_HEALTH_PORT: "9464" }).WORKER_HEALTH_PORT).toBe(9464);
  });

  it("announces a run's finish before storing it unless told not to", () => {
    expect(readWorkerSettings({}).WORKER_ANNOUNCE_BEFORE_STORED).toBe(true);
    expect(readWorkerSettings({ WORKER_ANNOUNCE_BEFORE_STORED: "1" }).WORKER_ANNOUNCE_BEFORE_STORED).toBe(true);
    expect(readWorkerSettings({ WORKER_ANNOUNCE_BEFORE_STORED: "0" }).WORKER_ANNOUNCE_BEFORE_STORED).toBe(false);
    expect(readWorkerSettings({ WORKER_ANNOUNCE_BEFORE_STORED: "false" }).WORKER_ANNOUNCE_BEFORE_STORED).toBe(false);
  });

  it("names every variable that is wrong in one message", () => {
    expect(() => readWorkerSettings({ WORKER_CONCURRENCY: "many", EVAL_CACHE_TTL_DAYS: "-1" })).toThrow(
      /WORKER_CONCURRENCY[\s\S]*EVAL_CACHE_TTL_DAYS/,
    );
    expect(() => readWebSettings({ PORT: "70000" })).toThrow(/PORT/);
  });

  it("defaults the web port, address and grace period", () => {
    expect(readWebSettings({})).toEqual({ PORT: 3000, WEB_HOSTNAME: "0.0.0.0", WEB_SHUTDOWN_GRACE_MS: 25_000 });
  });
});
