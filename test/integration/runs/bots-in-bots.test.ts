// Bot and For each nodes in a real worker (PostgreSQL, Redis, BullMQ) against the provider fixture:
// a called bot's steps are stored nested under the calling step and its cost is the run's; loops and
// chains too deep are refused at run time with the path; another workspace's bot is "not found";
// cancelling stops a running loop at once.
import { botCallProblems, createBot, publishVersion, saveDraft } from "@switchyard/db";
import type { FlowGraph } from "@switchyard/engine";
import { nodeRegistry } from "@switchyard/nodes";
import { requestRunCancel } from "@switchyard/queue";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startProviderFixture, type ProviderFixture } from "../../fixtures/providers/server";
import { chatFlow, db, newBot, newCredential, newUser } from "../support";
import { createRunClient, startWorker, type WorkerProcess } from "./worker-harness";

let worker: WorkerProcess;
let client: ReturnType<typeof createRunClient>;
let fixture: ProviderFixture;
let slow: ProviderFixture;
let workspaceId: string;
let credential: string;

beforeAll(async () => {
  fixture = await startProviderFixture({});
  slow = await startProviderFixture({ latencyMs: 10_000 });
  [
    worker,
    {
      workspace: { id: workspaceId },
    },
  ] = await Promise.all([startWorker(), newUser("bots-in-bots")]);
  client = createRunClient();
  credential = (await newCredential(workspaceId, "OPENAI", `${fixture.url}/v1`, "sk-test")).id; // priced: gpt-4o-mini
});

afterAll(async () => {
  await client?.close();
  await worker?.stop();
  await Promise.all([fixture?.close(), slow?.close()]);
});

const position = { x: 0, y: 0 };
/** Chat input → one node (fed on `port`, answering on `out`) → chat output. */
const around = (type: string, config: Record<string, unknown>, port: string, out: string): FlowGraph => ({
  nodes: [
    { id: "input", type: "chat-input", config: {}, position },
    { id: "call", type, config, position },
    { id: "output", type: "chat-output", config: {}, position },
  ],
  edges: [
    { id: "e1", source: "input", sourceHandle: "message", target: "call", targetHandle: port },
    { id: "e2", source: "call", sourceHandle: out, target: "output", targetHandle: "text" },
  ],
});
const summariser = (credentialId = credential) => chatFlow({ credentialId, model: "gpt-4o-mini", stream: false }, "Summarise: {{input}}");

async function run(ws: string, graph: FlowGraph, message: string, name?: string) {
  const bot = name ? await createBot(db(), ws, { name, graph }) : await newBot(ws, graph);
  const started = await client.run({ workspaceId: ws, botId: bot.id, graph, message });
  const finished = await started.finished;
  const stored = await db().run.findUniqueOrThrow({ where: { id: started.runId }, include: { steps: true } });
  return {
    finished,
    events: started.events,
    stored,
    steps: new Map(stored.steps.map((step) => [step.nodeId, step])),
    runId: started.runId,
  };
}

describe("bots inside bots", () => {
  it("a For each runs a bot's draft per line, in order, with progress, each item's steps nested and costed in the run", async () => {
    const child = await createBot(db(), workspaceId, { name: "Summariser", graph: summariser() });
    const graph = around("for-each", { botId: child.id, version: "draft", concurrency: 2 }, "list", "text");
    const { finished, events, stored, steps } = await run(workspaceId, graph, "first point\nsecond point\nthird point");
    expect(finished).toMatchObject({ status: "SUCCEEDED" });
    expect(finished.output).toBe(["first point", "second point", "third point"].map((line) => `Echo: Summarise: ${line}`).join("\n\n"));
    expect(steps.get("call")!.output).toMatchObject({ results: finished.output!.split("\n\n"), errors: [] });
    expect(steps.get("call/item-2:Summariser")).toMatchObject({
      status: "SUCCEEDED",
      detail: expect.objectContaining({ parentId: "call" }),
    });
    const nestedModel = steps.get("call/item-2:Summariser/model")!;
    expect(nestedModel).toMatchObject({
      status: "SUCCEEDED",
      model: "gpt-4o-mini",
      detail: expect.objectContaining({ parentId: "call/item-2:Summariser" }),
    });
    expect(nestedModel.costUsd).toBeGreaterThan(0);
    // the run's totals are its steps', the called bot's model calls included
    const modelCosts = stored.steps.filter((step) => step.nodeType === "model").reduce((sum, step) => sum + step.costUsd, 0);
    expect(stored.steps.filter((step) => step.nodeType === "model")).toHaveLength(3);
    expect(stored.costUsd).toBeCloseTo(modelCosts, 10);
    expect(finished.costUsd).toBeCloseTo(modelCosts, 10);
    const progress = events.flatMap((event) => (event.type === "node.progress" ? [`${event.done}/${event.total}`] : []));
    expect(progress).toEqual(["0/3", "1/3", "2/3", "3/3"]);
    // nested events name their parent, so clients can tell them from the canvas's nodes
    expect(events.find((event) => event.type === "node.finished" && event.nodeId === "call/item-1:Summariser/model")).toMatchObject({
      parentId: "call/item-1:Summariser",
    });
  });

  it("a Bot node calls the latest published version as one step, its trace nested under the step", async () => {
    const child = await createBot(db(), workspaceId, { name: "Helper", graph: summariser() });
    await publishVersion(db(), workspaceId, child.id, {});
    const { finished, steps, stored } = await run(workspaceId, around("bot", { botId: child.id }, "input", "reply"), "the report");
    expect(finished).toMatchObject({ status: "SUCCEEDED", output: "Echo: Summarise: the report" });
    expect(steps.get("call")).toMatchObject({ status: "SUCCEEDED", detail: expect.objectContaining({ note: 'Called bot "Helper"' }) });
    expect(steps.get("call/call-1:Helper/model")).toMatchObject({ model: "gpt-4o-mini" });
    expect(stored.tokensIn).toBe(steps.get("call/call-1:Helper/model")!.tokensIn);
  });

  it("an agent uses a bot as a tool: the model's input goes to the bot, its reply comes back as the tool result", async () => {
    const helper = await createBot(db(), workspaceId, { name: "Helper", graph: summariser() });
    const graph = around("agent", { credentialId: credential, model: "gpt-4o-mini", stream: false }, "prompt", "text");
    graph.nodes.push({ id: "tool", type: "bot", config: { botId: helper.id, version: "draft", toolName: "ask_helper" }, position });
    graph.edges.push({ id: "e3", source: "tool", sourceHandle: "tool", target: "call", targetHandle: "tools" });
    const { finished, steps } = await run(workspaceId, graph, 'call:ask_helper {"input": "the quarterly numbers"}');
    expect(finished).toMatchObject({ status: "SUCCEEDED" });
    expect(finished.output).toContain("Echo: Summarise: the quarterly numbers");
    expect(steps.get("call/tool-1:ask_helper")).toMatchObject({
      status: "SUCCEEDED",
      output: { result: "Echo: Summarise: the quarterly numbers" },
    });
    expect(steps.get("tool/call-1:Helper/model")).toMatchObject({ status: "SUCCEEDED", model: "gpt-4o-mini" });
  });

  it("refuses a bot that calls itself through another, at run time and when saved, showing the path", async () => {
    const a = await createBot(db(), workspaceId, { name: "Alpha", graph: summariser() });
    const b = await createBot(db(), workspaceId, {
      name: "Beta",
      graph: around("bot", { botId: a.id, version: "draft" }, "input", "reply"),
    });
    const alpha = around("bot", { botId: b.id, version: "draft" }, "input", "reply");
    await saveDraft(db(), workspaceId, a.id, alpha, 0); // straight to the database: the save route would refuse it
    const started = await client.run({ workspaceId, botId: a.id, graph: alpha, message: "hi" });
    const finished = await started.finished;
    expect(finished.status).toBe("FAILED");
    expect(finished.error).toContain("Bots must not call themselves: Alpha → Beta → Alpha");
    expect(await botCallProblems(db(), workspaceId, { id: a.id, name: "Alpha" }, alpha, nodeRegistry)).toEqual([
      { nodeId: "call", message: "bots must not call themselves: Alpha → Beta → Alpha" },
    ]);
  });

  it("refuses an approval inside a bot a For each calls, when saved and at run time, naming the path", async () => {
    const gated = await createBot(db(), workspaceId, {
      name: "Gated",
      graph: around("approval", { question: "Send {{input}}?" }, "value", "approved"),
    });
    const looping = around("for-each", { botId: gated.id, version: "draft" }, "list", "text");
    const loop = await createBot(db(), workspaceId, { name: "Looper", graph: looping });
    expect(await botCallProblems(db(), workspaceId, { id: loop.id, name: "Looper" }, looping, nodeRegistry)).toEqual([
      {
        nodeId: "call",
        message:
          'the approval at Looper → "call" → bot "Gated" → "call" cannot wait for a person: the items of a For each cannot pause; call the bot with a Bot node instead',
      },
    ]);
    // stored anyway (straight to the database), it fails at run time with the same words, not a hang
    const started = await client.run({ workspaceId, botId: loop.id, graph: looping, message: "one\ntwo" });
    const finished = await started.finished;
    expect(finished.status).toBe("FAILED");
    expect(finished.error).toContain(
      'the approval at "call" → bot "Gated" → "call" cannot wait for a person: the items of a For each cannot pause',
    );
    expect(finished.error).not.toContain("evaluation");
  });

  it("treats another workspace's bot as not found", async () => {
    const other = await newUser("other-workspace");
    const theirs = await createBot(db(), other.workspace.id, { name: "Theirs", graph: summariser() });
    const { finished } = await run(workspaceId, around("bot", { botId: theirs.id, version: "draft" }, "input", "reply"), "hi");
    expect(finished.status).toBe("FAILED");
    expect(finished.error).toContain("Bot not found");
  });

  it("a loop over an empty list answers an empty result; a list over the cap is a clear step error", async () => {
    const child = await createBot(db(), workspaceId, { name: "Never", graph: summariser() });
    const empty = await run(workspaceId, around("for-each", { botId: child.id, version: "draft", split: "json" }, "list", "text"), "[]");
    expect(empty.finished).toMatchObject({ status: "SUCCEEDED" });
    const capped = await run(
      workspaceId,
      around("for-each", { botId: child.id, version: "draft", maxItems: 2 }, "list", "text"),
      "a\nb\nc",
    );
    expect(capped.finished.status).toBe("FAILED");
    expect(capped.finished.error).toContain("the list has 3 items, more than this node's limit of 2");
  });

  it("cancel stops a running loop at once", async () => {
    const slowCredential = (await newCredential(workspaceId, "OPENAI", `${slow.url}/v1`, "sk-test")).id;
    const child = await createBot(db(), workspaceId, { name: "Slow", graph: summariser(slowCredential) });
    const graph = around("for-each", { botId: child.id, version: "draft", concurrency: 4 }, "list", "text");
    const bot = await newBot(workspaceId, graph);
    const items = Array.from({ length: 40 }, (_, index) => `item ${index}`).join("\n");
    const started = await client.run({ workspaceId, botId: bot.id, graph, message: items });
    await expect.poll(() => slow.stats.inFlight, { timeout: 5_000 }).toBe(4);
    const began = Date.now();
    await requestRunCancel(client.redis, started.runId);
    const finished = await started.finished;
    expect(Date.now() - began).toBeLessThan(2_000);
    expect(finished.status).toBe("CANCELLED");
    await expect.poll(() => slow.stats.inFlight).toBe(0);
    const stored = await db().run.findUniqueOrThrow({ where: { id: started.runId }, include: { steps: true } });
    expect(stored.steps.filter((step) => step.nodeType === "item").map((step) => step.status)).toEqual(Array(4).fill("CANCELLED"));
  });
});
