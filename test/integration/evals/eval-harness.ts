// Shared by the eval-run integration tests: a bot on the fixture, published, and a dataset of rows.
import { createDataset, publishVersion } from "@switchyard/db";
import { createBullConnection, createEvalQueue, createRedis } from "@switchyard/queue";
import { afterAll, beforeAll } from "vitest";
import { startProviderFixture, type ProviderFixture } from "../../fixtures/providers/server";
import type { ReplySource } from "../../fixtures/providers/types";
import { startWorker, type PlatformProcess } from "../../support/platform";
import { chatFlow, db, newBot, newCredential, newUser } from "../support";

export async function setupEvalTarget(fixture: ProviderFixture, rows: number) {
  const { workspace } = await newUser("evals");
  const credential = await newCredential(workspace.id, "OPENAI_COMPATIBLE", `${fixture.url}/v1`);
  const bot = await newBot(workspace.id, chatFlow({ credentialId: credential.id, model: "fixture-small" }));
  const version = await publishVersion(db(), workspace.id, bot.id, {});
  const dataset = await createDataset(db(), workspace.id, {
    name: `capitals ${rows}`,
    rows: Array.from({ length: rows }, (_, index) => ({ input: `Capital of France? (${index})`, expected: "Paris", metadata: null })),
  });
  return {
    workspaceId: workspace.id,
    credentialId: credential.id,
    botId: bot.id,
    botVersionId: version.id,
    datasetVersionId: dataset.version.id,
  };
}

export async function waitFor<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out; last value: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * A provider fixture with these replies and one worker process for the file's tests, started before
 * them and stopped after; `control` is what startEvalRun needs.
 */
/**
 * The eval run once its count of finished pairs has stopped moving (three reads 400 ms apart): after a
 * stop, the pair in flight still finishes, later on a loaded machine.
 */
export async function settledEvalRun<T extends { completed: number }>(read: () => Promise<T>): Promise<T> {
  let settled = await read();
  for (let steady = 0; steady < 3;) {
    await new Promise((resolve) => setTimeout(resolve, 400));
    const now = await read();
    steady = now.completed === settled.completed ? steady + 1 : 0;
    settled = now;
  }
  return settled;
}

export function useEvalPlatform(
  replies: Record<string, ReplySource>,
  workerEnv: Record<string, string> = { EVAL_WORKER_CONCURRENCY: "16" },
) {
  const redis = createRedis(process.env.REDIS_URL!);
  const bull = createBullConnection(process.env.REDIS_URL!);
  const queue = createEvalQueue(bull);
  const platform = { fixture: undefined as unknown as ProviderFixture, control: { db: db(), redis, queue } };
  let worker: PlatformProcess | undefined;
  beforeAll(async () => {
    platform.fixture = await startProviderFixture({ replies });
    worker = await startWorker(workerEnv);
  });
  afterAll(async () => {
    await worker?.stop();
    await platform.fixture?.close();
    await queue.close();
    await Promise.all([redis.quit(), bull.quit()]);
  });
  return platform;
}
