// Logic and routing nodes in a real worker against the provider fixtures: branches that are not taken
// are recorded as skipped, routers say which model answered and why (rules, classifier, budget, a
// fallback after a provider outage), ensembles keep every answer, structured output checks its JSON.
import type { FlowGraph } from "@switchyard/engine";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startProviderFixture, type ProviderFixture } from "../../fixtures/providers/server";
import { db, newBot, newCredential, newUser } from "../support";
import { createRunClient, startWorker, type WorkerProcess } from "./worker-harness";

let worker: WorkerProcess;
let client: ReturnType<typeof createRunClient>;
let up: ProviderFixture;
let down: ProviderFixture;
let hung: ProviderFixture;
let workspaceId: string;
let upCredential: string;
let downCredential: string;
let pricedCredential: string;

beforeAll(async () => {
  up = await startProviderFixture({
    replies: {
      backup: "from backup",
      small: "from small",
      large: "from large",
      labeller: "hard",
      e1: "Paris",
      e2: "paris.",
      e3: "Lyon",
      "json-model": 'Sure: ```json\n{"name": "Ann", "age": 31}\n```',
      "half-json": '{"name": "Ann"}',
    },
  });
  down = await startProviderFixture({ failures: { mode: "503" } });
  hung = await startProviderFixture({ failures: { mode: "hang" } });
  [
    worker,
    {
      workspace: { id: workspaceId },
    },
  ] = await Promise.all([startWorker(), newUser("logic")]);
  client = createRunClient();
  upCredential = (await newCredential(workspaceId, "OPENAI_COMPATIBLE", `${up.url}/v1`)).id;
  downCredential = (await newCredential(workspaceId, "OPENAI_COMPATIBLE", `${down.url}/v1`)).id;
  pricedCredential = (await newCredential(workspaceId, "OPENAI", `${up.url}/v1`, "sk-test")).id; // catalog prices gpt-4o-mini
});

afterAll(async () => {
  await client?.close();
  await worker?.stop();
  await Promise.all([up?.close(), down?.close(), hung?.close()]);
});

type Node = [id: string, type: string, config?: Record<string, unknown>];
/** Edges as "source.port>target.port". */
function flow(nodes: Node[], edges: string[]): FlowGraph {
  return {
    nodes: nodes.map(([id, type, config = {}]) => ({ id, type, config, position: { x: 0, y: 0 } })),
    edges: edges.map((text, index) => {
      const [from, to] = text.split(">") as [string, string];
      const [source, sourceHandle] = from.split(".") as [string, string];
      const [target, targetHandle] = to.split(".") as [string, string];
      return { id: `e${index}`, source, sourceHandle, target, targetHandle };
    }),
  };
}

async function run(graph: FlowGraph, message: string) {
  const bot = await newBot(workspaceId, graph);
  const started = await client.run({ workspaceId, botId: bot.id, graph, message });
  const finished = await started.finished;
  const stored = await db().run.findUniqueOrThrow({ where: { id: started.runId }, include: { steps: true } });
  const steps = Object.fromEntries(stored.steps.map((step) => [step.nodeId, step]));
  return { finished, events: started.events, stored, steps };
}

describe("condition and merge", () => {
  const graph = () =>
    flow(
      [
        ["input", "chat-input"],
        ["cond", "condition", { expression: 'contains(input, "refund")' }],
        ["refund", "prompt-template", { template: "Refund request: {{input}}" }],
        ["other", "prompt-template", { template: "Other: {{input}}" }],
        ["merge", "merge"],
        ["model", "model", { credentialId: upCredential, model: "fixture-small" }],
        ["output", "chat-output"],
      ],
      [
        "input.message>cond.value",
        "cond.true>refund.input",
        "cond.false>other.input",
        "refund.prompt>merge.inputs",
        "other.prompt>merge.inputs",
        "merge.value>model.prompt",
        "model.text>output.text",
      ],
    );

  it("runs only the branch the condition takes and records the other as skipped", async () => {
    const { finished, events, steps, stored } = await run(graph(), "I want a refund");
    expect(finished).toMatchObject({ status: "SUCCEEDED", output: "Echo: Refund request: I want a refund" });
    expect(stored.status).toBe("SUCCEEDED");
    expect(steps.other).toMatchObject({ status: "SKIPPED", attempts: 0, output: null });
    expect((steps.other!.detail as { note: string }).note).toMatch(/^Skipped: .*not taken/);
    expect(steps.refund!.status).toBe("SUCCEEDED");
    expect(steps.cond).toMatchObject({ status: "SUCCEEDED", output: { true: "I want a refund" } });
    expect(steps.cond!.detail).toEqual({ note: 'contains(input, "refund") → true' });
    expect(events.find((event) => event.type === "node.finished" && event.nodeId === "other")).toMatchObject({ status: "SKIPPED" });
    expect(events.some((event) => event.type === "node.started" && event.nodeId === "other")).toBe(false);

    const other = await run(graph(), "Where is my parcel?");
    expect(other.finished.output).toBe("Echo: Other: Where is my parcel?");
    expect(other.steps.refund!.status).toBe("SKIPPED");
  });
});

describe("router", () => {
  const routes = () => [
    {
      name: "hard",
      credentialId: downCredential,
      model: "large",
      keywords: ["contract"],
      fallbacks: [{ credentialId: upCredential, model: "backup" }],
    },
    { name: "cheap", credentialId: upCredential, model: "small" },
  ];
  const routerFlow = (router: Record<string, unknown>) =>
    flow(
      [
        ["input", "chat-input"],
        ["router", "router", { routes: routes(), maxRetries: 1, ...router }],
        ["output", "chat-output"],
      ],
      ["input.message>router.prompt", "router.text>output.text"],
    );

  it("routes by rule and falls back along the chain when the chosen provider is down, recording every attempt", async () => {
    const { finished, steps, events } = await run(routerFlow({}), "Please review this contract");
    expect(finished).toMatchObject({ status: "SUCCEEDED", output: "from backup" });
    const step = steps.router!;
    expect(step).toMatchObject({ status: "SUCCEEDED", model: "backup", provider: "OPENAI_COMPATIBLE", attempts: 3 });
    expect(step.output).toEqual({ text: "from backup", route: "hard" });
    const detail = step.detail as { route: string; reason: string; note: string; attempts: { target: string; error?: string }[] };
    expect(detail).toMatchObject({ route: "hard", reason: 'keyword "contract"', answeredBy: "OPENAI_COMPATIBLE backup" });
    expect(detail.attempts.map((attempt) => [attempt.target, Boolean(attempt.error)])).toEqual([
      ["OPENAI_COMPATIBLE large", true],
      ["OPENAI_COMPATIBLE large", true],
      ["OPENAI_COMPATIBLE backup", false],
    ]);
    expect(detail.note).toBe('Route "hard": keyword "contract". Fallback openai_compatible backup answered after 2 failed attempts');
    expect(events.find((event) => event.type === "node.finished" && event.nodeId === "router")).toMatchObject({ note: detail.note });

    const plain = await run(routerFlow({}), "hello");
    expect(plain.finished.output).toBe("from small");
    expect(plain.steps.router!.detail).toMatchObject({ route: "cheap", reason: "no rules (default route)" });
  });

  it("fails with every model's error when the whole chain is down", async () => {
    const graph = routerFlow({
      routes: [
        { name: "only", credentialId: downCredential, model: "large", fallbacks: [{ credentialId: downCredential, model: "large-2" }] },
      ],
      maxRetries: 0,
    });
    const { finished, steps } = await run(graph, "x");
    expect(finished.status).toBe("FAILED");
    expect(finished.error).toMatch(
      /^Router \(router\) failed: every model in the fallback chain failed: openai_compatible large: .+; openai_compatible large-2: .+/,
    );
    expect(steps.router!.attempts).toBe(2);
  });

  it("lets a classifier model choose, recording its call as a sub-step with its cost", async () => {
    const { finished, steps, stored } = await run(
      routerFlow({ mode: "classifier", classifier: { credentialId: upCredential, model: "labeller" }, routes: routes().reverse() }),
      "Is P = NP?",
    );
    expect(finished.output).toBe("from backup"); // hard: its provider is down, its fallback answers
    expect(steps.router!.detail).toMatchObject({ route: "hard", reason: 'the classifier labelled the request "hard"' });
    const classifier = steps["router/classifier-1:labeller"]!;
    expect(classifier).toMatchObject({ status: "SUCCEEDED", nodeType: "classifier", model: "labeller", output: { label: "hard" } });
    expect(classifier.tokensIn).toBeGreaterThan(0);
    expect(stored.tokensIn).toBe(steps.router!.tokensIn + classifier.tokensIn);
    const labelRequest = up.requests.find((request) => (request.body as { model: string }).model === "labeller")!;
    expect(JSON.stringify(labelRequest.body)).toContain("exactly one label from: cheap, hard");
  });

  it("sends the rest of a run to the budget route once the run has spent its budget, or fails saying so", async () => {
    const budgetFlow = (router: Record<string, unknown>) =>
      flow(
        [
          ["input", "chat-input"],
          ["draft", "model", { credentialId: pricedCredential, model: "gpt-4o-mini" }],
          ["router", "router", { routes: [{ ...routes()[1], name: "frontier", model: "large", when: "true" }, routes()[1]], ...router }],
          ["output", "chat-output"],
        ],
        ["input.message>draft.prompt", "draft.text>router.prompt", "router.text>output.text"],
      );
    const cheap = await run(budgetFlow({ budgetUsd: 0.000001, budgetRoute: "cheap" }), "a long question about budgets");
    expect(cheap.steps.draft!.costUsd).toBeGreaterThan(0.000001);
    expect(cheap.finished.output).toBe("from small");
    expect((cheap.steps.router!.detail as { reason: string }).reason).toMatch(/^the run has spent \$0\.0000\d+ of its \$0\.000001 budget$/);

    const roomy = await run(budgetFlow({ budgetUsd: 1, budgetRoute: "cheap" }), "a long question about budgets");
    expect(roomy.finished.output).toBe("from large");

    const strict = await run(budgetFlow({ budgetUsd: 0.000001 }), "a long question about budgets");
    expect(strict.finished.status).toBe("FAILED");
    expect(strict.finished.error).toMatch(
      /^Router \(router\) failed: the run has spent \$0\.0000\d+ of its \$0\.000001 budget, and no budget route is set$/,
    );
  });
});

describe("model fallbacks", () => {
  it("answers from the first fallback when the model's provider is down", async () => {
    const graph = flow(
      [
        ["input", "chat-input"],
        [
          "model",
          "model",
          { credentialId: downCredential, model: "large", maxRetries: 0, fallbacks: [{ credentialId: upCredential, model: "backup" }] },
        ],
        ["output", "chat-output"],
      ],
      ["input.message>model.prompt", "model.text>output.text"],
    );
    const { finished, steps } = await run(graph, "hi");
    expect(finished.output).toBe("from backup");
    expect(steps.model).toMatchObject({ model: "backup", attempts: 2 });
    expect((steps.model!.detail as { note: string }).note).toBe("Fallback openai_compatible backup answered after 1 failed attempt");
  });

  it("falls back when the model's provider does not answer in time", async () => {
    const hungCredential = (await newCredential(workspaceId, "OPENAI_COMPATIBLE", `${hung.url}/v1`)).id;
    const graph = flow(
      [
        ["input", "chat-input"],
        [
          "model",
          "model",
          {
            credentialId: hungCredential,
            model: "large",
            timeoutMs: 300,
            maxRetries: 1,
            fallbacks: [{ credentialId: upCredential, model: "backup" }],
          },
        ],
        ["output", "chat-output"],
      ],
      ["input.message>model.prompt", "model.text>output.text"],
    );
    const began = Date.now();
    const { finished, steps } = await run(graph, "hi");
    expect(finished.output).toBe("from backup");
    expect(Date.now() - began).toBeLessThan(5_000);
    const attempts = (steps.model!.detail as { attempts: { target: string; error?: string }[] }).attempts;
    expect(attempts.map((attempt) => [attempt.target, attempt.error ?? null])).toEqual([
      ["OPENAI_COMPATIBLE large", "the provider did not answer within 0.3s"],
      ["OPENAI_COMPATIBLE large", "the provider did not answer within 0.3s"],
      ["OPENAI_COMPATIBLE backup", null],
    ]);
    await expect.poll(() => hung.stats.inFlight).toBe(0); // the hung requests were aborted
  });
});

describe("ensemble", () => {
  it("asks every model, keeps the majority answer and records each answer as a sub-step", async () => {
    const graph = flow(
      [
        ["input", "chat-input"],
        ["vote", "ensemble", { models: ["e1", "e2", "e3"].map((model) => ({ credentialId: upCredential, model })) }],
        ["output", "chat-output"],
      ],
      ["input.message>vote.prompt", "vote.text>output.text"],
    );
    const { finished, steps, stored } = await run(graph, "Capital of France?");
    expect(finished.output).toBe("Paris");
    const answers = stored.steps.filter((step) => step.nodeId.startsWith("vote/"));
    expect(answers.map((step) => step.nodeId.replace(/model-\d/, "model-n")).sort()).toEqual([
      "vote/model-n:e1",
      "vote/model-n:e2",
      "vote/model-n:e3",
    ]);
    expect(answers.every((step) => step.status === "SUCCEEDED" && step.tokensOut > 0)).toBe(true);
    expect(steps.vote!.detail).toMatchObject({ chosen: 0, reason: "2 of 3 models gave this answer" });
    expect(stored.tokensOut).toBe(answers.reduce((sum, step) => sum + step.tokensOut, 0));
  });
});

describe("agent", () => {
  it("answers through the model when it has no tools to call", async () => {
    const graph = flow(
      [
        ["input", "chat-input"],
        ["agent", "agent", { credentialId: upCredential, model: "fixture-small" }],
        ["output", "chat-output"],
      ],
      ["input.message>agent.prompt", "agent.text>output.text"],
    );
    const { finished, steps } = await run(graph, "plain question");
    expect(finished.output).toBe("Echo: plain question");
    expect(steps.agent!.detail).toMatchObject({ modelTurns: 1, tools: [] });
  });
});

describe("structured output", () => {
  const graph = (model: string) =>
    flow(
      [
        ["input", "chat-input"],
        ["model", "model", { credentialId: upCredential, model, responseFormat: "json" }],
        [
          "out",
          "structured-output",
          {
            schema: JSON.stringify({
              type: "object",
              properties: { name: { type: "string" }, age: { type: "integer" } },
              required: ["name", "age"],
            }),
          },
        ],
      ],
      ["input.message>model.prompt", "model.text>out.value"],
    );

  it("replies with the model's JSON once it matches the schema, having asked the provider for JSON", async () => {
    const before = up.requests.length;
    const { finished, steps } = await run(graph("json-model"), "Who?");
    expect(finished).toMatchObject({ status: "SUCCEEDED", output: '{\n  "name": "Ann",\n  "age": 31\n}' });
    expect(steps.out!.output).toEqual({ json: { name: "Ann", age: 31 } });
    const sent = up.requests.slice(before).find((request) => (request.body as { model: string }).model === "json-model")!;
    expect((sent.body as { response_format?: unknown }).response_format).toEqual({ type: "json_object" });
  });

  it("fails the run with the mismatch when the JSON does not fit", async () => {
    const { finished } = await run(graph("half-json"), "Who?");
    expect(finished.status).toBe("FAILED");
    expect(finished.error).toBe(
      "Structured output (out) failed: the reply does not match the schema: age: Invalid input: expected number, received undefined",
    );
  });
});
