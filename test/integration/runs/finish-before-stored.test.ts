// A run is announced as finished (its budget settled in the same Redis step) before its finish record
// is stored in PostgreSQL; the job completes only after that write. This kills the worker inside that
// window, with real Redis, PostgreSQL and worker processes: the job's retry must store the run as it was
// announced from the record its stream holds, without calling the model again, without a second trace
// and without charging the budget twice (docs/reliability.md, "Finish before it is stored").
import { randomBytes, randomUUID } from "node:crypto";
import { readBudgetState, setBudget } from "@switchyard/db";
import { createBudgetGate, createRedis, runEventsKey, type RedisClient } from "@switchyard/queue";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startProviderFixture, type ProviderFixture } from "../../fixtures/providers/server";
import { chatFlow, db, newBot, newCredential, newUser } from "../support";
import { createRunClient, startWorker, type WorkerProcess } from "./worker-harness";

let fixture: ProviderFixture;

beforeAll(async () => {
  // long enough for the run's start record (written once a run has been going 250 ms) to exist, so the
  // test can lock that row and hold the finish write
  fixture = await startProviderFixture({ latencyMs: 600, replies: { "gpt-4o": "an answer announced before it was stored" } });
});

afterAll(async () => {
  await fixture?.close();
});

/** Its own queue namespace (the worker's Redis keys, budgets included, carry the prefix too). */
function isolated() {
  const prefix = `${process.env.REDIS_KEY_PREFIX}finish-${randomBytes(3).toString("hex")}:`;
  const shared = process.env.REDIS_KEY_PREFIX;
  process.env.REDIS_KEY_PREFIX = prefix;
  const client = createRunClient();
  const redis: RedisClient = createRedis(process.env.REDIS_URL!);
  process.env.REDIS_KEY_PREFIX = shared;
  const workers: WorkerProcess[] = [];
  return {
    client,
    redis,
    startWorker: async () => {
      const started = await startWorker({ REDIS_KEY_PREFIX: prefix, WORKER_LOCK_MS: "1000", WORKER_ANNOUNCE_BEFORE_STORED: "1" });
      workers.push(started);
      return started;
    },
    close: async () => {
      await Promise.all(workers.map((worker) => worker.stop()));
      await client.close();
      await redis.quit();
    },
  };
}

const kill = async (target: WorkerProcess) => {
  const exited = new Promise((resolve) => target.child.once("exit", resolve));
  target.child.kill("SIGKILL");
  await exited;
};

describe("a worker killed after announcing a run's finish and before storing it", () => {
  it("leaves the run stored as announced by the job's retry: one model call, one trace, one charge", async () => {
    const env = isolated();
    const locker = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await locker.connect();
    try {
      const { workspace } = await newUser("finish-window");
      const credential = await newCredential(workspace.id, "OPENAI", `${fixture.url}/v1`, "sk-test");
      const graph = chatFlow({ credentialId: credential.id, model: "gpt-4o" });
      const bot = await newBot(workspace.id, graph);
      await setBudget(db(), { workspaceId: workspace.id, deploymentId: null }, { monthlyBudgetUsd: 100, budgetWarnPercent: 80 });
      const gate = createBudgetGate({ redis: env.redis, load: (scope, at) => readBudgetState(db(), scope, at) });
      const stateKey = `budget:{${workspace.id}}:state`;
      const holdsKey = `budget:{${workspace.id}}:holds`;

      const first = await env.startWorker();
      const runId = randomUUID();
      await gate.admit({ runId, workspaceId: workspace.id, deploymentId: null });
      expect(await env.redis.hexists(holdsKey, runId)).toBe(1);
      const callsBefore = fixture.stats.byPath["/v1/chat/completions"] ?? 0;
      const run = await env.client.run({ workspaceId: workspace.id, botId: bot.id, graph, message: "window", runId });

      // the run's start record appears while the model answers; lock it so the finish write waits
      await expect.poll(() => db().run.count({ where: { id: runId } }), { timeout: 10_000, message: first.output() }).toBe(1);
      await locker.query("BEGIN");
      await locker.query(`SELECT id FROM "Run" WHERE id = $1 FOR UPDATE`, [runId]);

      const finished = await run.announced;
      expect(finished).toMatchObject({ status: "SUCCEEDED", output: "an answer announced before it was stored" });
      expect(finished.costUsd).toBeGreaterThan(0);
      // announced, charged in the same step, and not stored: the window
      expect(Number(await env.redis.hget(stateKey, "spent"))).toBeCloseTo(finished.costUsd, 12);
      expect(await env.redis.hexists(holdsKey, runId)).toBe(0);
      const whileHeld = await db().run.findUniqueOrThrow({ where: { id: runId } });
      expect(whileHeld.status).toBe("RUNNING");
      await kill(first);
      await locker.query("ROLLBACK");

      await env.startWorker();
      await expect
        .poll(async () => (await db().run.findUniqueOrThrow({ where: { id: runId } })).status, { timeout: 20_000 })
        .toBe("SUCCEEDED");
      const stored = await db().run.findUniqueOrThrow({ where: { id: runId } });
      expect(stored.output).toEqual({ text: finished.output });
      expect(stored.costUsd).toBe(finished.costUsd);
      expect(stored.tokensOut).toBe(finished.tokensOut);
      const steps = await db().runStep.findMany({ where: { runId } });
      expect(steps.map((step) => step.nodeId).sort()).toEqual(["input", "model", "output", "prompt"]);
      const events = JSON.parse(JSON.stringify(stored.events)) as [string, { type: string }][];
      expect(events.filter(([, event]) => event.type === "run.started")).toHaveLength(1);

      // not run again: one model call, one start, one finish heard; charged once
      expect((fixture.stats.byPath["/v1/chat/completions"] ?? 0) - callsBefore).toBe(1);
      expect(run.events.filter((event) => event.type === "run.started")).toHaveLength(1);
      expect(run.events.filter((event) => event.type === "run.finished")).toHaveLength(1);
      expect(Number(await env.redis.hget(stateKey, "spent"))).toBeCloseTo(finished.costUsd, 12);
      // stored: the stream is back to the finished run's grace period
      await expect.poll(() => env.redis.pttl(runEventsKey(runId)), { timeout: 5_000 }).toBeLessThanOrEqual(60_000);
      expect(await run.finished).toEqual(finished);
    } finally {
      await locker.end();
      await env.close();
    }
  }, 60_000);
});
