// Provider failures, slow providers, cancellation and crashed workers: each ends the way the retry
// policy promises, and the trace shows every attempt.
import { randomBytes, randomUUID } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setAllowedHosts } from "@switchyard/db";
import type { FlowGraph } from "@switchyard/engine";
import { requestRunCancel } from "@switchyard/queue";
import { startProviderFixture, type FixtureOptions, type ProviderFixture } from "../../fixtures/providers/server";
import { chatFlow, db, newBot, newCredential, newUser } from "../support";
import { createRunClient, startWorker, type WorkerProcess } from "./worker-harness";

let worker: WorkerProcess;
let client: ReturnType<typeof createRunClient>;
const fixtures: ProviderFixture[] = [];

beforeAll(async () => {
  worker = await startWorker();
  client = createRunClient();
});

afterAll(async () => {
  await client?.close();
  await worker?.stop();
  await Promise.all(fixtures.map((fixture) => fixture.close()));
});

async function flowAgainst(options: FixtureOptions, model: Record<string, unknown> = {}) {
  const fixture = await startProviderFixture(options);
  fixtures.push(fixture);
  const { workspace } = await newUser("faults");
  const credential = await newCredential(workspace.id, "OPENAI_COMPATIBLE", `${fixture.url}/v1`);
  const graph = chatFlow({ credentialId: credential.id, model: "fixture-small", ...model });
  const bot = await newBot(workspace.id, graph);
  return {
    fixture,
    start: (message = "hello", via = client) => via.run({ workspaceId: workspace.id, botId: bot.id, graph, message }),
    target: { workspaceId: workspace.id, botId: bot.id, graph },
  };
}

const modelStep = (runId: string) => db().runStep.findFirstOrThrow({ where: { runId, nodeId: "model" } });

describe("provider faults", () => {
  it("retries 429s after the Retry-After the provider asked for, and records each attempt", async () => {
    const { fixture, start } = await flowAgainst({ failures: { mode: "429", retryAfterSeconds: 1 }, failFirst: 2 }, { maxRetries: 3 });
    const began = Date.now();
    const run = await start();
    const finished = await run.finished;
    expect(finished.status).toBe("SUCCEEDED");
    expect(Date.now() - began).toBeGreaterThanOrEqual(2_000); // two waits of one second
    const step = await modelStep(run.runId);
    expect(step.attempts).toBe(3);
    const attempts = (step.detail as { attempts: { error?: string }[] }).attempts;
    expect(attempts.map((attempt) => Boolean(attempt.error))).toEqual([true, true, false]);
    expect(attempts[0]!.error).toMatch(/rate limit|429|Too Many/i);
    expect(fixture.stats.byStatus[429]).toBe(2);
    expect(run.events.find((event) => event.type === "node.finished" && event.nodeId === "model")).toMatchObject({ attempts: 3 });
  });

  it("retries 500s with backoff and gives up after the node's retry limit with a clear error", async () => {
    const { fixture, start } = await flowAgainst({ failures: { mode: "500" } }, { maxRetries: 2 });
    const run = await start();
    const finished = await run.finished;
    expect(finished.status).toBe("FAILED");
    expect(finished.error).toMatch(/Model \(model\) failed: openai_compatible fixture-small after 3 attempts/);
    expect(fixture.stats.byStatus[500]).toBe(3);
    const step = await modelStep(run.runId);
    expect(step).toMatchObject({ status: "FAILED", attempts: 3 });
    const stored = await db().run.findUniqueOrThrow({ where: { id: run.runId } });
    expect(stored).toMatchObject({ status: "FAILED", error: finished.error });
  });

  it("does not retry a request the provider refuses (400-class), since it would fail again", async () => {
    const { fixture, start } = await flowAgainst({ apiKey: "the-right-key" }, { maxRetries: 3 });
    const finished = await (await start()).finished;
    expect(finished.status).toBe("FAILED");
    expect(fixture.stats.byStatus[401]).toBe(1);
  });

  it("times out an attempt that hangs, retries it, and fails the step when every attempt hangs", async () => {
    const { fixture, start } = await flowAgainst({ failures: { mode: "hang" } }, { timeoutMs: 400, maxRetries: 1 });
    const began = Date.now();
    const run = await start();
    const finished = await run.finished;
    expect(finished.status).toBe("FAILED");
    expect(finished.error).toMatch(/did not answer within 0.4s/);
    expect(Date.now() - began).toBeLessThan(5_000);
    const step = await modelStep(run.runId);
    expect(step.attempts).toBe(2);
    await expect.poll(() => fixture.stats.inFlight).toBe(0); // the hung requests were aborted, not leaked
  });

  it("recovers when only the first attempt hangs", async () => {
    const { start } = await flowAgainst({ failures: [{ mode: "hang" }, { mode: "ok" }] }, { timeoutMs: 300, maxRetries: 2 });
    const run = await start("recover");
    expect(await run.finished).toMatchObject({ status: "SUCCEEDED", output: "Echo: recover" });
    expect((await modelStep(run.runId)).attempts).toBe(2);
  });
});

describe("cancelling a run", () => {
  it("aborts the in-flight provider request and records the run as cancelled", async () => {
    const { fixture, start } = await flowAgainst({ latencyMs: 20_000 });
    const run = await start();
    await expect.poll(() => fixture.stats.inFlight, { timeout: 5_000 }).toBe(1);
    const began = Date.now();
    await requestRunCancel(client.redis, run.runId);
    const finished = await run.finished;
    expect(Date.now() - began).toBeLessThan(2_000);
    expect(finished.status).toBe("CANCELLED");
    await expect.poll(() => fixture.stats.inFlight).toBe(0);
    expect(fixture.stats.aborted).toBeGreaterThanOrEqual(1);
    const stored = await db().run.findUniqueOrThrow({ where: { id: run.runId }, include: { steps: true } });
    expect(stored.status).toBe("CANCELLED");
    expect(stored.steps.find((step) => step.nodeId === "model")?.status).toBe("CANCELLED");
  });

  it("before a worker takes it: the run never starts, calls no model and announces no start", async () => {
    const { fixture, target } = await flowAgainst({ latencyMs: 0 });
    const runId = randomUUID();
    await requestRunCancel(client.redis, runId);
    const run = await client.run({ ...target, message: "never", runId });
    const finished = await run.finished;
    expect(finished).toMatchObject({ status: "CANCELLED", error: "The run was cancelled before it started" });
    expect(run.events.map((event) => event.type)).toEqual(["run.finished"]);
    expect(fixture.stats.serviceTimes).toHaveLength(0);
  });

  it("before a worker takes it: the nodes before any model call reach nothing either", async () => {
    // guards any future start that does not wait for its cancel check (perf9 tried one): no node may reach out
    const requests: string[] = [];
    const api = http.createServer((request, response) => {
      requests.push(request.url ?? "");
      response.setHeader("content-type", "application/json");
      response.end(JSON.stringify({ answer: 42 }));
    });
    await new Promise<void>((resolve) => api.listen(0, "127.0.0.1", resolve));
    try {
      const { workspace } = await newUser("cancel-http");
      await setAllowedHosts(db(), workspace.id, ["127.0.0.1"]);
      const graph: FlowGraph = {
        nodes: [
          { id: "input", type: "chat-input", config: {}, position: { x: 0, y: 0 } },
          {
            id: "http",
            type: "http-request",
            config: { url: `http://127.0.0.1:${(api.address() as AddressInfo).port}/called?q={{input}}` },
            position: { x: 200, y: 0 },
          },
          { id: "code", type: "code", config: { code: "return String(input.body.answer);" }, position: { x: 400, y: 0 } },
          { id: "output", type: "chat-output", config: {}, position: { x: 600, y: 0 } },
        ],
        edges: [
          { id: "e1", source: "input", sourceHandle: "message", target: "http", targetHandle: "input" },
          { id: "e2", source: "http", sourceHandle: "response", target: "code", targetHandle: "input" },
          { id: "e3", source: "code", sourceHandle: "result", target: "output", targetHandle: "text" },
        ],
      };
      const bot = await newBot(workspace.id, graph);
      const target = { workspaceId: workspace.id, botId: bot.id, graph };
      expect(await (await client.run({ ...target, message: "first" })).finished).toMatchObject({ status: "SUCCEEDED", output: "42" });
      expect(requests).toEqual(["/called?q=first"]);

      const runId = randomUUID();
      await requestRunCancel(client.redis, runId);
      const run = await client.run({ ...target, message: "never", runId });
      expect(await run.finished).toMatchObject({ status: "CANCELLED", error: "The run was cancelled before it started" });
      expect(run.events.map((event) => event.type)).toEqual(["run.finished"]);
      expect(requests).toEqual(["/called?q=first"]);
      const stored = await db().run.findUniqueOrThrow({ where: { id: runId }, include: { steps: true } });
      expect(stored.steps).toEqual([]);
    } finally {
      await new Promise((resolve) => api.close(resolve));
    }
  });

  it("stops a Code node in an endless loop at once, not at its time limit", async () => {
    const { workspace } = await newUser("cancel-code");
    const graph: FlowGraph = {
      nodes: [
        { id: "input", type: "chat-input", config: {}, position: { x: 0, y: 0 } },
        { id: "code", type: "code", config: { code: "while (true) {}", timeoutMs: 30_000 }, position: { x: 200, y: 0 } },
        { id: "output", type: "chat-output", config: {}, position: { x: 400, y: 0 } },
      ],
      edges: [
        { id: "e1", source: "input", sourceHandle: "message", target: "code", targetHandle: "input" },
        { id: "e2", source: "code", sourceHandle: "result", target: "output", targetHandle: "text" },
      ],
    };
    const bot = await newBot(workspace.id, graph);
    const run = await client.run({ workspaceId: workspace.id, botId: bot.id, graph, message: "loop" });
    const codeStarted = () => run.events.some((event) => event.type === "node.started" && event.nodeId === "code");
    await expect.poll(codeStarted, { timeout: 5_000 }).toBe(true);
    const began = Date.now();
    await requestRunCancel(client.redis, run.runId);
    const finished = await run.finished;
    expect(Date.now() - began).toBeLessThan(2_000);
    expect(finished.status).toBe("CANCELLED");
    const step = await db().runStep.findFirstOrThrow({ where: { runId: run.runId, nodeId: "code" } });
    expect(step.status).toBe("CANCELLED");
  });
});

describe("a worker killed mid-run", () => {
  // Each test gets its own queue namespace, so the shared worker of this file cannot take its runs.
  async function isolatedQueue() {
    const prefix = `${process.env.REDIS_KEY_PREFIX}kill-${randomBytes(3).toString("hex")}:`;
    const shared = process.env.REDIS_KEY_PREFIX;
    process.env.REDIS_KEY_PREFIX = prefix;
    const isolated = createRunClient();
    process.env.REDIS_KEY_PREFIX = shared;
    const workers: WorkerProcess[] = [];
    return {
      client: isolated,
      startWorker: async () => {
        const started = await startWorker({ REDIS_KEY_PREFIX: prefix, WORKER_LOCK_MS: "1000" });
        workers.push(started);
        return started;
      },
      close: async () => {
        await Promise.all(workers.map((started) => started.stop()));
        await isolated.close();
      },
    };
  }

  const kill = async (target: WorkerProcess) => {
    const exited = new Promise((resolve) => target.child.once("exit", resolve));
    target.child.kill("SIGKILL");
    await exited;
  };

  it("is replaced by another worker that re-runs the flow, without duplicating steps", async () => {
    const queue = await isolatedQueue();
    try {
      const { fixture, start } = await flowAgainst({ latencyMs: 1_500 });
      const first = await queue.startWorker();
      const run = await start("survive", queue.client);
      await expect.poll(() => fixture.stats.inFlight, { timeout: 10_000, message: first.output() }).toBe(1);
      await kill(first);
      await queue.startWorker();
      const finished = await run.finished;
      expect(finished).toMatchObject({ status: "SUCCEEDED", output: "Echo: survive" });
      const steps = await db().runStep.findMany({ where: { runId: run.runId } });
      expect(steps.map((step) => step.nodeId).sort()).toEqual(["input", "model", "output", "prompt"]);
      expect(run.events.filter((event) => event.type === "run.started").length).toBe(2); // the original start and the re-run
    } finally {
      await queue.close();
    }
  });

  it("ends as failed with the reason when workers keep dying on it, never stuck as running", async () => {
    const queue = await isolatedQueue();
    try {
      const { fixture, start } = await flowAgainst({ latencyMs: 60_000 });
      const run = await start("doomed", queue.client);
      for (let crash = 0; crash < 2; crash++) {
        const doomed = await queue.startWorker();
        await expect.poll(() => fixture.stats.inFlight, { timeout: 10_000 }).toBeGreaterThanOrEqual(1);
        await kill(doomed);
        await expect.poll(() => fixture.stats.inFlight, { timeout: 5_000 }).toBe(0);
      }
      await queue.startWorker();
      const finished = await run.finished;
      expect(finished.status).toBe("FAILED");
      expect(finished.error).toMatch(/stalled|stopped/);
      const stored = await db().run.findUniqueOrThrow({ where: { id: run.runId } });
      expect(stored.status).toBe("FAILED");
      expect(stored.error).toBe(finished.error);
    } finally {
      await queue.close();
    }
  }, 60_000);
});
