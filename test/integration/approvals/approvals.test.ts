// Human approval end to end with real workers, PostgreSQL, Redis and BullMQ: a paused run holds no
// job and survives its worker being killed; an answer (edited, checked against the schema, first one
// standing) resumes it through a new job; a timeout answers for nobody; cancel ends it at once. An
// approval inside a bot a Bot node calls pauses the calling run the same way.
import { randomBytes } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { createBot, setAllowedHosts } from "@switchyard/db";
import type { FlowGraph, RunEvent } from "@switchyard/engine";
import { createBullConnection, createRunQueue } from "@switchyard/queue";
import { answerApproval, cancelPausedRun } from "@switchyard/runner/approvals";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startProviderFixture, type ProviderFixture } from "../../fixtures/providers/server";
import { db, newBot, newCredential, newUser } from "../support";
import { createRunClient, startWorker, type WorkerProcess } from "../runs/worker-harness";

let orders: http.Server;
let ordersUrl = "";
const received: unknown[] = [];
// `/held` orders are answered only when the test says so (a tool call still in flight)
const held: { body: unknown; answer: () => void }[] = [];
let provider: ProviderFixture;

// Each test file run gets its own queue namespace, so workers of other files cannot take its jobs.
const prefix = `${process.env.REDIS_KEY_PREFIX}approvals-${randomBytes(3).toString("hex")}:`;
const shared = process.env.REDIS_KEY_PREFIX;
process.env.REDIS_KEY_PREFIX = prefix;
const client = createRunClient();
const bull = createBullConnection(process.env.REDIS_URL!);
const queue = createRunQueue(bull);
process.env.REDIS_KEY_PREFIX = shared;
const workers: WorkerProcess[] = [];
const newWorker = async (lockMs = 2_000) => {
  const started = await startWorker({ REDIS_KEY_PREFIX: prefix, WORKER_LOCK_MS: String(lockMs) });
  workers.push(started);
  return started;
};
const services = { db: db(), queue };
async function stopLiveWorkers() {
  await Promise.all(
    workers
      .filter((worker) => worker.child.exitCode === null && worker.child.signalCode === null)
      .map((worker) => {
        const exited = new Promise((resolve) => worker.child.once("exit", resolve));
        worker.child.kill("SIGKILL");
        return exited;
      }),
  );
}

beforeAll(async () => {
  orders = http.createServer((request, response) => {
    let body = "";
    request.on("data", (chunk: Buffer) => (body += chunk.toString()));
    request.on("end", () => {
      const answer = () => {
        response.setHeader("content-type", "application/json");
        response.end(JSON.stringify({ ok: true, order: 42 }));
      };
      if (request.url === "/held") return held.push({ body: JSON.parse(body || "null"), answer });
      received.push({ method: request.method, body: JSON.parse(body || "null") });
      answer();
    });
  });
  await new Promise<void>((resolve) => orders.listen(0, "127.0.0.1", resolve));
  ordersUrl = `http://127.0.0.1:${(orders.address() as AddressInfo).port}`;
  provider = await startProviderFixture({});
});

afterAll(async () => {
  await Promise.all(workers.map((worker) => worker.stop()));
  await client.close();
  await queue.close();
  await bull.quit();
  await provider?.close();
  orders?.close();
});

const node = (id: string, type: string, config: Record<string, unknown> = {}) => ({ id, type, config, position: { x: 0, y: 0 } });
const edge = (source: string, sourceHandle: string, target: string, targetHandle: string) => ({
  id: `${source}-${target}-${targetHandle}`,
  source,
  sourceHandle,
  target,
  targetHandle,
});

/** chat input → agent (a POST tool needing approval) → chat output */
function agentFlow(credentialId: string, path = "/orders"): FlowGraph {
  return {
    nodes: [
      node("input", "chat-input"),
      node("order", "http-request", {
        method: "POST",
        url: `${ordersUrl}${path}`,
        // a held order is answered after the forced stall, however long a loaded machine takes to it
        timeoutMs: 120_000,
        body: '{"item":"{{item}}","qty":"{{qty}}"}',
        toolName: "place_order",
        toolDescription: "Places an order",
      }),
      node("agent", "agent", { credentialId, model: "fixture-small", stream: false, maxRetries: 0, approveTools: "side_effects" }),
      node("output", "chat-output"),
    ],
    edges: [edge("input", "message", "agent", "prompt"), edge("order", "tool", "agent", "tools"), edge("agent", "text", "output", "text")],
  };
}

/** chat input → approval (value must be an object with a string `to`) → approved / rejected replies */
const approvalFlow = (config: Record<string, unknown> = {}): FlowGraph => ({
  nodes: [
    node("input", "chat-input"),
    node("ask", "approval", { question: "Send {{input}}?", valueSchema: '{"type":"string","minLength":3}', ...config }),
    node("yes", "chat-output"),
    node("no", "chat-output"),
  ],
  edges: [edge("input", "message", "ask", "value"), edge("ask", "approved", "yes", "text"), edge("ask", "rejected", "no", "text")],
});

const waitingEvent = (events: RunEvent[]) => events.find((event) => event.type === "run.waiting");

async function startPaused(workspaceId: string, graph: FlowGraph, message: string) {
  const bot = await newBot(workspaceId, graph);
  const run = await client.run({ workspaceId, botId: bot.id, graph, message });
  await expect.poll(() => waitingEvent(run.events), { timeout: 15_000 }).toBeDefined();
  const approval = await db().approval.findFirstOrThrow({ where: { runId: run.runId } });
  return { run, approval };
}

describe("an agent's side-effecting tool call", () => {
  it("waits without a worker, survives the worker being killed, and runs with the edited arguments once approved", async () => {
    const { workspace, user } = await newUser("approver");
    await setAllowedHosts(db(), workspace.id, ["127.0.0.1"]);
    const credential = await newCredential(workspace.id, "OPENAI_COMPATIBLE", `${provider.url}/v1`);
    const first = await newWorker();
    const { run, approval } = await startPaused(
      workspace.id,
      agentFlow(credential.id),
      'Order tea call:place_order {"item":"tea","qty":"1"}',
    );

    expect(approval).toMatchObject({ status: "PENDING", kind: "tool", proposed: { item: "tea", qty: "1" } });
    expect(waitingEvent(run.events)).toMatchObject({ approvals: [{ id: approval.id }] });
    expect((await db().run.findUniqueOrThrow({ where: { id: run.runId } })).status).toBe("WAITING");
    expect(received).toEqual([]); // the side effect has not happened
    // no job holds the paused run: nothing active, only the delayed timeout
    expect(await queue.getActiveCount()).toBe(0);
    expect(await queue.getDelayedCount()).toBe(1);

    const exited = new Promise((resolve) => first.child.once("exit", resolve));
    first.child.kill("SIGKILL");
    await exited;

    const answered = await answerApproval(
      services,
      workspace.id,
      approval.id,
      { action: "approve", value: { item: "green tea", qty: "2" } },
      {
        userId: user.id,
        label: user.email,
        via: "APP",
      },
    );
    expect(answered).toMatchObject({ status: "ANSWERED", changed: true, answeredBy: user.email });
    expect(await queue.getDelayedCount()).toBe(0); // its timeout is gone

    await newWorker();
    const finished = await run.finished;
    expect(finished).toMatchObject({ status: "SUCCEEDED" });
    // the result goes back to the model marked as data (agent-safety), with the request's provenance
    expect(finished.output).toMatch(
      /^Tool result: <untrusted-(\w+) source="tool place_order; url [^"]+">\n.*"order":\s*42.*\n<\/untrusted-\1>$/,
    );
    expect(received).toEqual([{ method: "POST", body: { item: "green tea", qty: "2" } }]);

    const steps = await db().runStep.findMany({ where: { runId: run.runId } });
    const byId = Object.fromEntries(steps.map((step) => [step.nodeId, step]));
    expect(byId["agent/approval-1:place_order"]?.output).toMatchObject({
      action: "approve",
      arguments: { item: "green tea", qty: "2" },
      changed: true,
      answeredBy: user.email,
      answeredVia: "APP",
    });
    expect(byId["agent/tool-1:place_order"]).toMatchObject({ status: "SUCCEEDED", input: { arguments: { item: "green tea", qty: "2" } } });
    expect(byId.agent).toMatchObject({ status: "SUCCEEDED" });
    expect(byId.agent!.tokensIn).toBeGreaterThan(0);
    expect(await db().runPause.count({ where: { runId: run.runId } })).toBe(0);

    // a second answer is refused and the first stands
    await expect(
      answerApproval(services, workspace.id, approval.id, { action: "reject" }, { userId: user.id, label: user.email, via: "APP" }),
    ).rejects.toMatchObject({ code: "CONFLICT", message: expect.stringMatching(/already been answered/) });
    expect(await db().approval.findUniqueOrThrow({ where: { id: approval.id } })).toMatchObject({ action: "approve" });
  }, 60_000);
});

describe("an approved call whose resume job is handed out twice", () => {
  it("is made once: the second attempt adopts the first one's result instead of calling again", async () => {
    const { workspace, user } = await newUser("twice");
    await setAllowedHosts(db(), workspace.id, ["127.0.0.1"]);
    const credential = await newCredential(workspace.id, "OPENAI_COMPATIBLE", `${provider.url}/v1`);
    // only this test's worker takes jobs: the stalled resume must go to the second one started below
    await stopLiveWorkers();
    // a 5 s lock: long enough that the second attempt is not itself counted as stalled on a loaded
    // machine (a second stall fails the job: docs/reliability.md, known limits); the first attempt's
    // stall is forced below, however long the lock
    const first = await newWorker(5_000);
    const { run, approval } = await startPaused(
      workspace.id,
      agentFlow(credential.id, "/held"),
      'Order tea call:place_order {"item":"tea","qty":"1"}',
    );
    await answerApproval(services, workspace.id, approval.id, { action: "approve" }, { userId: user.id, label: user.email, via: "APP" });
    // the first attempt is in the middle of the approved call…
    await expect.poll(() => held.length, { timeout: 15_000 }).toBe(1);
    // …when its worker stops renewing the job's lock (frozen, as under heavy load): BullMQ finds the
    // job stalled and hands it to another worker while the first attempt is still alive
    first.child.kill("SIGSTOP");
    try {
      await newWorker(5_000);
      const jobId = `resume-${run.runId}-1`;
      await expect
        .poll(async () => (await queue.getJob(jobId))?.attemptsStarted ?? 0, { timeout: 40_000, interval: 100 })
        .toBeGreaterThanOrEqual(2);
      // give the second attempt time to reach the approved call (without the claim it calls again)
      await new Promise((resolve) => setTimeout(resolve, 1_500));
    } finally {
      first.child.kill("SIGCONT");
    }
    for (const call of held) call.answer();
    const finished = await run.finished;
    expect(finished).toMatchObject({ status: "SUCCEEDED" });
    expect(finished.output).toMatch(/"order":\s*42/);
    // one person approved one order: it was placed once
    expect(held.map((call) => call.body)).toEqual([{ item: "tea", qty: "1" }]);
    await expect.poll(async () => (await db().run.findUniqueOrThrow({ where: { id: run.runId } })).status).toBe("SUCCEEDED");
    const tools = await db().runStep.findMany({ where: { runId: run.runId, nodeId: { startsWith: "agent/tool-" } } });
    expect(tools).toHaveLength(1);
    expect(tools[0]).toMatchObject({ status: "SUCCEEDED", input: { arguments: { item: "tea", qty: "1" } } });
    held.length = 0;
  }, 120_000);
});

describe("an Approval node", () => {
  it("refuses bad answers clearly, and another workspace's id is not found", async () => {
    if (!workers.some((worker) => worker.child.exitCode === null)) await newWorker();
    const { workspace, user } = await newUser("checker");
    const { workspace: other } = await newUser("outsider");
    const { approval } = await startPaused(workspace.id, approvalFlow(), "hello");
    const by = { userId: user.id, label: user.email, via: "APP" as const };

    await expect(answerApproval(services, other.id, approval.id, { action: "approve" }, by)).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(answerApproval(services, workspace.id, approval.id, { action: "maybe" }, by)).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringMatching(/choose one of: approve, reject/),
    });
    await expect(answerApproval(services, workspace.id, approval.id, { action: "approve", value: 7 }, by)).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringMatching(/does not match the expected schema/),
    });
    expect((await db().approval.findUniqueOrThrow({ where: { id: approval.id } })).status).toBe("PENDING");
  });

  it("takes its timeout action when nobody answers, and an answer after that is refused", async () => {
    if (!workers.some((worker) => worker.child.exitCode === null)) await newWorker();
    const { workspace, user } = await newUser("sleeper");
    const { run, approval } = await startPaused(workspace.id, approvalFlow({ onTimeout: "reject" }), "hello");
    // the time is up: let the delayed timeout job run now
    await db().approval.update({ where: { id: approval.id }, data: { expiresAt: new Date(Date.now() - 1) } });
    await (await queue.getJob(`timeout-${approval.id}`))!.promote();
    const finished = await run.finished;
    expect(finished).toMatchObject({ status: "SUCCEEDED", output: "hello" });
    const ask = await db().runStep.findFirstOrThrow({ where: { runId: run.runId, nodeId: "ask" } });
    expect(ask.output).toEqual({ rejected: "hello", choice: "reject" });
    expect(ask.detail).toMatchObject({ note: "Reject (nobody answered in time)" });
    expect((await db().runStep.findFirstOrThrow({ where: { runId: run.runId, nodeId: "yes" } })).status).toBe("SKIPPED");
    await expect(
      answerApproval(services, workspace.id, approval.id, { action: "approve" }, { userId: user.id, label: user.email, via: "APP" }),
    ).rejects.toMatchObject({ code: "CONFLICT", message: expect.stringMatching(/timed out/) });
  });

  it("is cancelled at once while waiting, and a later answer cannot revive it", async () => {
    if (!workers.some((worker) => worker.child.exitCode === null)) await newWorker();
    const { workspace, user } = await newUser("canceller");
    const { run, approval } = await startPaused(workspace.id, approvalFlow(), "hello");
    const began = Date.now();
    expect(await cancelPausedRun({ db: db(), redis: client.redis }, workspace.id, run.runId)).toBe(true);
    const finished = await run.finished;
    expect(Date.now() - began).toBeLessThan(1_000);
    expect(finished).toMatchObject({ status: "CANCELLED" });
    expect(await db().run.findUniqueOrThrow({ where: { id: run.runId } })).toMatchObject({ status: "CANCELLED" });
    await expect(
      answerApproval(services, workspace.id, approval.id, { action: "approve" }, { userId: user.id, label: user.email, via: "APP" }),
    ).rejects.toMatchObject({ code: "CONFLICT", message: expect.stringMatching(/cancelled/) });
  });
});

describe("an approval inside a bot called by a Bot node", () => {
  it("pauses the calling run; the answer continues the called bot from its checkpoint, the approval nested under the call", async () => {
    if (!workers.some((worker) => worker.child.exitCode === null)) await newWorker();
    const { workspace, user } = await newUser("nested");
    const credential = await newCredential(workspace.id, "OPENAI_COMPATIBLE", `${provider.url}/v1`);
    // the called bot drafts with a model, then asks before its reply goes out
    const publisher = await createBot(db(), workspace.id, {
      name: "Publisher",
      graph: {
        nodes: [
          node("input", "chat-input"),
          node("draft", "model", { credentialId: credential.id, model: "fixture-small", stream: false }),
          node("ask", "approval", { question: "Publish {{input}}?" }),
          node("output", "chat-output"),
        ],
        edges: [
          edge("input", "message", "draft", "prompt"),
          edge("draft", "text", "ask", "value"),
          edge("ask", "approved", "output", "text"),
        ],
      },
    });
    const caller: FlowGraph = {
      nodes: [node("input", "chat-input"), node("call", "bot", { botId: publisher.id, version: "draft" }), node("output", "chat-output")],
      edges: [edge("input", "message", "call", "input"), edge("call", "reply", "output", "text")],
    };
    const { run, approval } = await startPaused(workspace.id, caller, "the post");
    expect(approval).toMatchObject({ nodeId: "call", key: "call:ask:answer", kind: "node", status: "PENDING" });
    expect(approval.question).toMatch(/^Publish .+\?$/);
    expect(await db().run.findUniqueOrThrow({ where: { id: run.runId } })).toMatchObject({ status: "WAITING" });
    // nothing holds a worker while it waits
    expect(await queue.getActiveCount()).toBe(0);
    const draftsBefore = provider.stats.total;

    // the worker that paused it is gone; a new one resumes it
    await stopLiveWorkers();
    await newWorker();
    await answerApproval(
      services,
      workspace.id,
      approval.id,
      { action: "approve", value: "the edited post" },
      { userId: user.id, label: user.email, via: "APP" },
    );
    const finished = await run.finished;
    expect(finished).toMatchObject({ status: "SUCCEEDED", output: "the edited post" });
    // the called bot's draft came from its checkpoint: its model was not asked again
    expect(provider.stats.total).toBe(draftsBefore);
    const steps = await db().runStep.findMany({ where: { runId: run.runId }, orderBy: { startedAt: "asc" } });
    const byId = new Map(steps.map((step) => [step.nodeId, step]));
    expect(byId.get("call/call-1:Publisher/ask")).toMatchObject({
      status: "SUCCEEDED",
      detail: expect.objectContaining({ parentId: "call/call-1:Publisher", note: `Approve (${user.email}, edited)` }),
    });
    expect(steps.filter((step) => step.nodeId === "call/call-1:Publisher/draft")).toHaveLength(1);
    expect(byId.get("call")).toMatchObject({ status: "SUCCEEDED", detail: expect.objectContaining({ note: 'Called bot "Publisher"' }) });
    const stored = await db().run.findUniqueOrThrow({ where: { id: run.runId } });
    expect(stored.tokensIn).toBe(byId.get("call/call-1:Publisher/draft")!.tokensIn);
  });
});
