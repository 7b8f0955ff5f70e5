// A worker killed in the middle of an eval run: another worker takes its jobs over (the queue's stall
// detection), the dead worker's provider slots free themselves, and the run finishes with exactly one
// result per item × variant. Its own queue namespace keeps other files' workers out.
import { randomBytes } from "node:crypto";
import { getEvalRun, listEvalResults } from "@switchyard/db";
import { evaluatorSchema } from "@switchyard/evals";
import { createBullConnection, createEvalQueue, createRedis } from "@switchyard/queue";
import { startEvalRun } from "@switchyard/runner";
import { afterAll, expect, it } from "vitest";
import { startProviderFixture } from "../../fixtures/providers/server";
import { startWorker, type PlatformProcess } from "../../support/platform";
import { db } from "../support";
import { setupEvalTarget, waitFor } from "./eval-harness";

const prefix = `${process.env.REDIS_KEY_PREFIX}evalkill-${randomBytes(3).toString("hex")}:`;
const shared = process.env.REDIS_KEY_PREFIX;
process.env.REDIS_KEY_PREFIX = prefix;
const redis = createRedis(process.env.REDIS_URL!);
const bull = createBullConnection(process.env.REDIS_URL!);
const queue = createEvalQueue(bull);
process.env.REDIS_KEY_PREFIX = shared;
const workers: PlatformProcess[] = [];
const fixture = await startProviderFixture({ latencyMs: 300, replies: { "fixture-small": "Paris" } });

afterAll(async () => {
  await Promise.all(workers.map((worker) => worker.stop()));
  await fixture.close();
  await queue.close();
  await Promise.all([redis.quit(), bull.quit()]);
});

const launch = async () => {
  const worker = await startWorker({ REDIS_KEY_PREFIX: prefix, WORKER_LOCK_MS: "1500", EVAL_WORKER_CONCURRENCY: "8" });
  workers.push(worker);
  return worker;
};

it("resumes on another worker after a SIGKILL, one result per pair", async () => {
  const target = await setupEvalTarget(fixture, 12);
  const first = await launch();
  const run = await startEvalRun({ db: db(), redis, queue }, target.workspaceId, {
    name: "crash",
    botId: target.botId,
    botVersionId: target.botVersionId,
    datasetVersionId: target.datasetVersionId,
    variants: [{ key: "only", label: "only", overrides: {} }],
    evaluators: [evaluatorSchema.parse({ id: "exact", kind: "exact_match" })],
    concurrency: 2,
  });
  await waitFor(
    () => getEvalRun(db(), target.workspaceId, run.id),
    (value) => value.completed >= 2,
  );
  await expect.poll(() => fixture.stats.inFlight, { timeout: 5_000 }).toBeGreaterThan(0);
  const exited = new Promise((resolve) => first.child.once("exit", resolve));
  first.child.kill("SIGKILL"); // mid-request, holding both provider slots
  await exited;

  await launch();
  const finished = await waitFor(
    () => getEvalRun(db(), target.workspaceId, run.id),
    (value) => value.status === "SUCCEEDED",
    40_000,
  );
  expect(finished.completed).toBe(12);
  const results = await listEvalResults(db(), target.workspaceId, run.id);
  expect(new Set(results.map((result) => result.datasetItemId)).size).toBe(12);
  expect(results.every((result) => result.passed && result.output === "Paris")).toBe(true);
}, 60_000);
