// A flow built from real node types runs in a real worker process against each provider's wire format,
// streams its tokens as events, and leaves its trace (tokens, cost, latency) in PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startProviderFixture, type ProviderFixture } from "../../fixtures/providers/server";
import { chatFlow, db, newBot, newCredential, newUser } from "../support";
import { createRunClient, startWorker, type WorkerProcess } from "./worker-harness";

let fixture: ProviderFixture;
let worker: WorkerProcess;
let client: ReturnType<typeof createRunClient>;

beforeAll(async () => {
  // tokens paced like a real model, so each arrives as its own event
  fixture = await startProviderFixture({ tokenDelayMs: 5, replies: { "gpt-4o-mini": "Paris is the capital of France." } });
  worker = await startWorker();
  client = createRunClient();
  // One run first: tokens that arrive while a cold process is still busy are merged into fewer
  // events (by design), and the streaming assertions below are about a warm system.
  const { workspace } = await newUser("warm-up");
  const credential = await newCredential(workspace.id, "OPENAI", `${fixture.url}/v1`);
  const graph = chatFlow({ credentialId: credential.id, model: "gpt-4o-mini" });
  await (
    await client.run({ workspaceId: workspace.id, botId: (await newBot(workspace.id, graph)).id, graph, message: "warm up" })
  ).finished;
});

afterAll(async () => {
  await client?.close();
  await worker?.stop();
  await fixture?.close();
});

describe("running a chat flow in a worker", () => {
  it("streams tokens from an OpenAI-format provider and persists every step with tokens and cost", async () => {
    const { workspace } = await newUser("runner");
    const credential = await newCredential(workspace.id, "OPENAI", `${fixture.url}/v1`, "sk-test");
    const graph = chatFlow({ credentialId: credential.id, model: "gpt-4o-mini", system: "Answer briefly." }, "Question: {{input}}");
    const bot = await newBot(workspace.id, graph);

    const run = await client.run({ workspaceId: workspace.id, botId: bot.id, graph, message: "What is the capital of France?" });
    const finished = await run.finished;

    expect(finished).toMatchObject({ status: "SUCCEEDED", output: "Paris is the capital of France.", error: null });
    const tokens = run.events.filter((event) => event.type === "token").map((event) => (event as { text: string }).text);
    // tokens that reach the worker in the same event-loop turn are merged into one event, so the
    // count depends on timing; what matters is that the reply streams before the node finishes
    expect(tokens.length).toBeGreaterThanOrEqual(2);
    expect(tokens.join("")).toBe("Paris is the capital of France.");
    const firstToken = run.events.findIndex((event) => event.type === "token");
    const modelFinished = run.events.findIndex((event) => event.type === "node.finished" && event.nodeId === "model");
    expect(firstToken).toBeLessThan(modelFinished);
    expect(run.events.map((event) => event.type).filter((type) => type !== "token")).toEqual([
      "run.started",
      "node.started",
      "node.finished",
      "node.started",
      "node.finished",
      "node.started",
      "node.finished",
      "node.started",
      "node.finished",
      "run.finished",
    ]);

    const stored = await db().run.findUniqueOrThrow({ where: { id: run.runId }, include: { steps: { orderBy: { startedAt: "asc" } } } });
    expect(stored.status).toBe("SUCCEEDED");
    expect(stored.output).toEqual({ text: "Paris is the capital of France." });
    // steps start within the same millisecond, so compare them by node, then check the order in time
    const byNode = Object.fromEntries(stored.steps.map((step) => [step.nodeId, step]));
    expect(Object.keys(byNode).sort()).toEqual(["input", "model", "output", "prompt"]);
    expect(stored.steps.every((step) => step.status === "SUCCEEDED")).toBe(true);
    expect(byNode.input!.finishedAt! <= byNode.prompt!.startedAt!).toBe(true);
    expect(byNode.prompt!.finishedAt! <= byNode.model!.startedAt!).toBe(true);
    expect(byNode.model!.finishedAt! <= byNode.output!.startedAt!).toBe(true);
    const modelStep = stored.steps.find((step) => step.nodeId === "model")!;
    expect(modelStep).toMatchObject({ provider: "OPENAI", model: "gpt-4o-mini", attempts: 1 });
    expect(modelStep.tokensIn).toBeGreaterThan(0);
    expect(modelStep.tokensOut).toBe(6);
    // gpt-4o-mini lists at $0.15 / $0.60 per million tokens
    expect(modelStep.costUsd).toBeCloseTo((modelStep.tokensIn * 0.15 + 6 * 0.6) / 1e6, 12);
    expect(stored.tokensIn).toBe(modelStep.tokensIn);
    expect(stored.costUsd).toBeCloseTo(modelStep.costUsd, 12);
    expect((stored.steps.find((step) => step.nodeId === "prompt")!.output as { prompt: string }).prompt).toBe(
      "Question: What is the capital of France?",
    );

    const request = fixture.requests.find((entry) => entry.path === "/v1/chat/completions")!;
    expect(request.headers.authorization).not.toContain("sk-test"); // the fixture redacts; the key was sent
    expect((request.body as { messages: { role: string; content: string }[] }).messages[0]).toEqual({
      role: "system",
      content: "Answer briefly.",
    });
  });

  it("calls Anthropic, Ollama and OpenAI-compatible servers through their own wire formats", async () => {
    const { workspace } = await newUser("multi");
    const cases = [
      { kind: "ANTHROPIC" as const, baseUrl: `${fixture.url}/anthropic/v1`, model: "claude-3-5-haiku-latest", path: /messages$/ },
      { kind: "OLLAMA" as const, baseUrl: fixture.url, model: "llama3.1:8b", path: /\/api\/chat$/ },
      { kind: "OPENAI_COMPATIBLE" as const, baseUrl: `${fixture.url}/v1`, model: "Qwen/Qwen2.5-7B-Instruct", path: /chat\/completions$/ },
    ];
    for (const { kind, baseUrl, model, path } of cases) {
      const before = fixture.requests.length;
      const credential = await newCredential(workspace.id, kind, baseUrl, "key-123");
      const graph = chatFlow({ credentialId: credential.id, model });
      const bot = await newBot(workspace.id, graph);
      const run = await client.run({ workspaceId: workspace.id, botId: bot.id, graph, message: `hello ${kind}` });
      const finished = await run.finished;
      expect(finished, kind).toMatchObject({ status: "SUCCEEDED", output: `Echo: hello ${kind}` });
      expect(run.events.filter((event) => event.type === "token").length, kind).toBeGreaterThanOrEqual(1);
      expect(
        fixture.requests.slice(before).some((entry) => path.test(entry.path)),
        kind,
      ).toBe(true);
      const step = await db().runStep.findFirstOrThrow({ where: { runId: run.runId, nodeId: "model" } });
      expect(step, kind).toMatchObject({ provider: kind, model, status: "SUCCEEDED" });
      expect(step.tokensOut, kind).toBe(3);
    }
  });

  it("fails a run whose model credential belongs to another workspace, saying why", async () => {
    const owner = await newUser("owner");
    const thief = await newUser("thief");
    const credential = await newCredential(owner.workspace.id, "OPENAI", `${fixture.url}/v1`, "sk-owner");
    const graph = chatFlow({ credentialId: credential.id, model: "gpt-4o-mini" });
    const bot = await newBot(thief.workspace.id, graph);
    const finished = await (await client.run({ workspaceId: thief.workspace.id, botId: bot.id, graph, message: "hi" })).finished;
    expect(finished.status).toBe("FAILED");
    expect(finished.error).toMatch(/credential this model uses no longer exists/);
  });
});
