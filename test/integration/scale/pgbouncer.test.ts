// The platform behind PgBouncer in transaction pooling mode (Debian's pgbouncer on loopback, a server
// pool smaller than the clients): runs, their traces and usage rows, eval results with the response
// cache, and the web layer's Prisma transactions all work when consecutive transactions of one
// client land on different server connections.
import {
  createDb,
  createDeployment,
  getEvalRun,
  listEvalResults,
  publishVersion,
  saveDraft,
  sessionHistory,
  type Db,
} from "@switchyard/db";
import { evaluatorSchema } from "@switchyard/evals";
import { createBullConnection, createEvalQueue, createRedis } from "@switchyard/queue";
import { startEvalRun } from "@switchyard/runner";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startProviderFixture, type ProviderFixture } from "../../fixtures/providers/server";
import { startPgBouncer, type PgBouncer } from "../../support/pgbouncer";
import { setupEvalTarget, waitFor } from "../evals/eval-harness";
import { createRunClient, startWorker, type WorkerProcess } from "../runs/worker-harness";
import { chatFlow, db, newBot, newCredential, newUser } from "../support";

let bouncer: PgBouncer;
let fixture: ProviderFixture;
let worker: WorkerProcess;
let client: ReturnType<typeof createRunClient>;
let pooled: Db;

beforeAll(async () => {
  // three server connections for a worker with several pools: statements from one client's
  // connection run on whichever server connection is free
  bouncer = await startPgBouncer(process.env.DATABASE_URL!, { poolSize: 3 });
  fixture = await startProviderFixture({ replies: { "gpt-4o-mini": "Paris is the capital of France.", "fixture-small": "Paris" } });
  worker = await startWorker({ DATABASE_URL: bouncer.url, EVAL_WORKER_CONCURRENCY: "8" });
  client = createRunClient();
  pooled = createDb(bouncer.url, 4);
});

afterAll(async () => {
  await client?.close();
  await worker?.stop();
  await pooled?.$disconnect();
  await fixture?.close();
  await bouncer?.stop();
});

describe("behind PgBouncer in transaction pooling mode", () => {
  it("runs and stores 40 concurrent runs with their steps and usage", async () => {
    const { workspace } = await newUser("pgbouncer-runs");
    const credential = await newCredential(workspace.id, "OPENAI", `${fixture.url}/v1`, "sk-test");
    const graph = chatFlow({ credentialId: credential.id, model: "gpt-4o-mini" });
    const bot = await newBot(workspace.id, graph);
    const runs = await Promise.all(
      Array.from({ length: 40 }, (_, index) =>
        client.run({ workspaceId: workspace.id, botId: bot.id, graph, message: `question ${index}` }),
      ),
    );
    const finished = await Promise.all(runs.map((run) => run.finished));
    expect(finished.map((event) => event.status)).toEqual(Array(40).fill("SUCCEEDED"));
    const stored = await db().run.findMany({ where: { id: { in: runs.map((run) => run.runId) } }, include: { steps: true } });
    expect(stored).toHaveLength(40);
    for (const run of stored) {
      expect(run.status).toBe("SUCCEEDED");
      expect(run.steps.map((step) => step.nodeId).sort()).toEqual(["input", "model", "output", "prompt"]);
    }
    const usage = await db().usageDaily.aggregate({ where: { workspaceId: workspace.id }, _sum: { requests: true } });
    expect(usage._sum.requests).toBe(40);
  });

  it("runs an eval twice, the second time from the response cache, and stores every result", async () => {
    const target = await setupEvalTarget(fixture, 12);
    const redis = createRedis(process.env.REDIS_URL!);
    const bull = createBullConnection(process.env.REDIS_URL!);
    const control = { db: db(), redis, queue: createEvalQueue(bull) };
    try {
      const evaluate = async () => {
        const run = await startEvalRun(control, target.workspaceId, {
          name: "behind pgbouncer",
          botId: target.botId,
          botVersionId: target.botVersionId,
          datasetVersionId: target.datasetVersionId,
          variants: [{ key: "small", label: "small", overrides: {} }],
          evaluators: [evaluatorSchema.parse({ id: "exact", kind: "exact_match" })],
          concurrency: 4,
          useCache: true,
        });
        await waitFor(
          () => getEvalRun(db(), target.workspaceId, run.id),
          (value) => value.status === "SUCCEEDED",
        );
        return listEvalResults(db(), target.workspaceId, run.id);
      };
      const first = await evaluate();
      const calls = fixture.stats.byPath["/v1/chat/completions"] ?? 0;
      const second = await evaluate();
      expect(first).toHaveLength(12);
      expect(second).toHaveLength(12);
      expect(second.map((result) => [result.passed, result.error])).toEqual(Array(12).fill([true, null]));
      expect(fixture.stats.byPath["/v1/chat/completions"] ?? 0).toBe(calls);
    } finally {
      await control.queue.close();
      await Promise.all([redis.quit(), bull.quit()]);
    }
  });

  it("reads widget conversations with their history statement, concurrently, each with its own turns", async () => {
    const { workspace } = await newUser("pgbouncer-history");
    const credential = await newCredential(workspace.id, "OPENAI", `${fixture.url}/v1`, "sk-test");
    const bot = await newBot(workspace.id, chatFlow({ credentialId: credential.id, model: "gpt-4o-mini" }));
    const version = await publishVersion(db(), workspace.id, bot.id, {});
    const deployment = await createDeployment(db(), workspace.id, { botId: bot.id, version: 1, slug: "history", allowedOrigins: [] });
    const sessions = Array.from({ length: 8 }, (_, index) => `s${index}`);
    await db().run.createMany({
      data: sessions.flatMap((sessionId) =>
        [1, 2].map((turn) => ({
          workspaceId: workspace.id,
          botId: bot.id,
          botVersionId: version.id,
          deploymentId: deployment.id,
          source: "WIDGET" as const,
          sessionId,
          status: "SUCCEEDED" as const,
          input: { message: `${sessionId} asks ${turn}`, sessionId },
          output: { text: `${sessionId} answer ${turn}` },
          createdAt: new Date(Date.now() - (3 - turn) * 60_000),
        })),
      ),
    });
    // more readers than server connections, twice over: a named statement prepared on one server
    // connection is missing on (or already on) another, and the read must still answer right
    for (let pass = 0; pass < 2; pass++) {
      const histories = await Promise.all([...sessions, ...sessions].map((sessionId) => sessionHistory(pooled, deployment.id, sessionId)));
      histories.forEach((history, index) => {
        const sessionId = sessions[index % sessions.length]!;
        expect(history).toEqual([
          { role: "user", content: `${sessionId} asks 1` },
          { role: "assistant", content: `${sessionId} answer 1` },
          { role: "user", content: `${sessionId} asks 2` },
          { role: "assistant", content: `${sessionId} answer 2` },
        ]);
      });
    }
  });

  it("keeps the web layer's Prisma transactions whole: a draft save with its revision check, a publish", async () => {
    const { workspace } = await newUser("pgbouncer-web");
    const credential = await newCredential(workspace.id, "OPENAI", `${fixture.url}/v1`, "sk-test");
    const graph = chatFlow({ credentialId: credential.id, model: "gpt-4o-mini" });
    const bot = await newBot(workspace.id, graph);
    const saved = await saveDraft(pooled, workspace.id, bot.id, graph, 0);
    await expect(saveDraft(pooled, workspace.id, bot.id, graph, 0)).rejects.toMatchObject({ code: "CONFLICT" });
    const versions = await Promise.all(Array.from({ length: 5 }, () => publishVersion(pooled, workspace.id, bot.id, {})));
    expect(versions.map((version) => version.number).sort()).toEqual([1, 2, 3, 4, 5]);
    expect(saved).toBeTruthy();
  });
});
