// How a worker records and announces a run: the start only for runs still going after a moment, the
// events of one event-loop turn in one append, model calls without streaming when nobody reads the
// tokens, and failures of runs that never had a row.
import { randomUUID } from "node:crypto";
import { recordRunFailed, RunWriter } from "@switchyard/db";
import { readRunEvents } from "@switchyard/queue";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startProviderFixture, type ProviderFixture } from "../../fixtures/providers/server";
import { chatFlow, db, newBot, newCredential, newUser, redis } from "../support";
import { createRunClient, startWorker, type WorkerProcess } from "./worker-harness";

let fixture: ProviderFixture;
let worker: WorkerProcess;
let client: ReturnType<typeof createRunClient>;

beforeAll(async () => {
  fixture = await startProviderFixture({ replies: { "gpt-4o-mini": "Paris is the capital of France." } });
  worker = await startWorker();
  client = createRunClient();
});

afterAll(async () => {
  await client?.close();
  await worker?.stop();
  await fixture?.close();
});

async function chatBot(label: string) {
  const { workspace } = await newUser(label);
  const credential = await newCredential(workspace.id, "OPENAI", `${fixture.url}/v1`, "sk-test");
  const graph = chatFlow({ credentialId: credential.id, model: "gpt-4o-mini" });
  const bot = await newBot(workspace.id, graph);
  return { workspaceId: workspace.id, botId: bot.id, graph };
}

const lastChatRequestBody = () =>
  fixture.requests.filter((request) => request.path.endsWith("/chat/completions")).at(-1)!.body as { stream?: boolean };

describe("recording and announcing runs", () => {
  it("asks the provider for the whole reply at once when nobody reads tokens, and streams otherwise", async () => {
    const bot = await chatBot("no-stream");
    const quiet = await client.run({ ...bot, message: "Capital of France?", streamTokens: false });
    expect(await quiet.finished).toMatchObject({ status: "SUCCEEDED", output: "Paris is the capital of France." });
    expect(lastChatRequestBody().stream).not.toBe(true);
    expect(quiet.events.some((event) => event.type === "token")).toBe(false);

    const streamed = await client.run({ ...bot, message: "Capital of France?" });
    expect(await streamed.finished).toMatchObject({ status: "SUCCEEDED", output: "Paris is the capital of France." });
    expect(lastChatRequestBody().stream).toBe(true);
    expect(streamed.events.filter((event) => event.type === "token").length).toBeGreaterThan(0);
  });

  it("shows a slow run as running while it goes, and stores every step once it finishes", async () => {
    const bot = await chatBot("slow-run");
    fixture.setBehavior({ latencyMs: 1_500 });
    try {
      const run = await client.run({ ...bot, message: "slow" });
      await expect
        .poll(async () => (await db().run.findUnique({ where: { id: run.runId } }))?.status, { timeout: 1_200, interval: 50 })
        .toBe("RUNNING");
      expect(await run.finished).toMatchObject({ status: "SUCCEEDED" });
    } finally {
      fixture.setBehavior(null);
    }
  });

  it("stores a fast run with its steps before announcing it, in one ordered stream of events", async () => {
    const bot = await chatBot("fast-run");
    const run = await client.run({ ...bot, message: "fast" });
    const finished = await run.finished;
    // announced only once stored: whoever hears of the finish finds the run and its trace
    const stored = await db().run.findUnique({ where: { id: run.runId }, include: { steps: true } });
    expect(stored).toMatchObject({ status: "SUCCEEDED", latencyMs: finished.latencyMs });
    expect(stored!.steps.map((step) => step.nodeId).sort()).toEqual(["input", "model", "output", "prompt"]);
    // the stream holds what live subscribers saw, in the same order, tokens merged per append
    const replayed = (await readRunEvents(redis(), run.runId)).map((stored) => stored.event);
    expect(replayed.map((event) => event.type)).toEqual(run.events.map((event) => event.type));
    expect(replayed[0]!.type).toBe("run.started");
    expect(replayed.at(-1)!.type).toBe("run.finished");
    const text = replayed.flatMap((event) => (event.type === "token" ? [event.text] : [])).join("");
    expect(text).toBe("Paris is the capital of France.");
  });

  it("records a failed run the queue gave up on, whether or not it has a row, but never rewrites a finished one", async () => {
    const bot = await chatBot("failed-run");
    const job = {
      runId: randomUUID(),
      workspaceId: bot.workspaceId,
      botId: bot.botId,
      botVersionId: null,
      deploymentId: null,
      source: "API" as const,
      input: { message: "lost", sessionId: "s-1" },
      enqueuedAt: Date.now() - 1_000,
    };
    // never written by a worker: the row is made from the job
    expect(await recordRunFailed(db(), job, "The run could not be completed: gone")).toBe(true);
    expect(await db().run.findUnique({ where: { id: job.runId } })).toMatchObject({
      status: "FAILED",
      error: "The run could not be completed: gone",
      sessionId: "s-1",
      source: "API",
    });

    // finished runs stay as they are
    const done = await client.run({ ...bot, message: "done" });
    await done.finished;
    expect(await recordRunFailed(db(), { ...job, runId: done.runId }, "too late")).toBe(false);
    expect(await db().run.findUnique({ where: { id: done.runId } })).toMatchObject({ status: "SUCCEEDED", error: null });
  });

  it("never lets a late start record turn a finished run back into a running one", async () => {
    const bot = await chatBot("late-start");
    const writer = new RunWriter(process.env.DATABASE_URL!, 1);
    const now = Date.now();
    const start = {
      id: randomUUID(),
      workspaceId: bot.workspaceId,
      botId: bot.botId,
      botVersionId: null,
      deploymentId: null,
      source: "API" as const,
      sessionId: null,
      input: { message: "late" },
      status: "RUNNING" as const,
      output: null,
      error: null,
      tokensIn: 0,
      tokensOut: 0,
      costUsd: 0,
      latencyMs: null,
      createdAt: now,
      startedAt: now,
      finishedAt: null,
    };
    try {
      // the queue gave up on the run and recorded it failed; then its start record lands
      await recordRunFailed(db(), { ...start, runId: start.id, input: { message: "late" }, enqueuedAt: now }, "gave up");
      await writer.write(start);
      expect(await db().run.findUnique({ where: { id: start.id } })).toMatchObject({ status: "FAILED", error: "gave up" });
      // a finish still replaces a finish (a run re-executed after a crash)
      await writer.write({ ...start, status: "SUCCEEDED", output: { text: "ok" }, latencyMs: 5, finishedAt: now + 5 });
      expect(await db().run.findUnique({ where: { id: start.id } })).toMatchObject({ status: "SUCCEEDED", error: null });
    } finally {
      await writer.close();
    }
  });
});
