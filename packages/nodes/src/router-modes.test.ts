import { runSandboxed } from "@switchyard/sandbox";
import { decideRoute, learnRouter, loadRouter, seededRandom, withRouteNames } from "@switchyard/evals";
import { compileFlow, type ModelRequest } from "@switchyard/engine";
import { describe, expect, it } from "vitest";
import { nodeRegistry } from "./index";
import { router } from "./router";
import { runNode, scriptedModels } from "./shared/test-support";

const lastMessage = (request: ModelRequest) => (request.messages.at(-1) as { content: string }).content;

const routes = [
  { name: "cheap", credentialId: "c1", model: "small" },
  { name: "strong", credentialId: "c2", model: "large" },
];

function trainedRouter() {
  const random = seededRandom(3);
  const items = Array.from({ length: 80 }, (_, i) => {
    const hard = i % 2 === 0;
    const text = hard ? `prove the theorem about primes number ${i}` : `hello, what are your opening hours ${i}`;
    return {
      text,
      outcomes: [
        { passed: hard ? 0 : random() < 0.95 ? 1 : 0, costUsd: 0.001 },
        { passed: 1, costUsd: 0.02 },
      ],
    };
  });
  // the chance policy's trace is what these tests read; on this set "auto" picks the gap policy since
  // small sets weigh the dense signals less (one more easy item sent cheap, 0.9875 at a bound of 0.967)
  const { artifact } = learnRouter(
    [
      { key: "cheap", label: "small" },
      { key: "strong", label: "large" },
    ],
    items,
    { policy: "chance" },
  );
  const loaded = loadRouter(artifact);
  const decided: string[] = [];
  return {
    decided,
    routers: {
      async decide(routerId: string, text: string, threshold: number, names?: Record<string, string>) {
        decided.push(routerId);
        return decideRoute(withRouteNames(loaded, names), text, threshold);
      },
    },
  };
}

describe("router: learned mode", () => {
  it("sends each request to the cheapest route predicted to pass, and the trace shows every route's chance and why", async () => {
    const { routers, decided } = trainedRouter();
    const config = { routes, mode: "learned", learned: { routerId: "lr1", threshold: 0.6 } };
    const models = scriptedModels((request) => ({ text: `answer from ${request.model}` }));
    const easy = await runNode(router, config, { prompt: "hello, what are your opening hours?" }, { models, services: { routers } });
    expect(easy.result.outputs).toEqual({ text: "answer from small", route: "cheap" });
    expect(easy.result.note).toMatch(/^Route "cheap": cheap is predicted to pass with \d+% ≥ the 60% threshold and is the cheapest route$/);
    expect(easy.result.detail).toMatchObject({ threshold: 0.6, chances: { cheap: expect.any(Number), strong: expect.any(Number) } });

    const hard = await runNode(router, config, { prompt: "prove the theorem about primes" }, { models, services: { routers } });
    expect(hard.result.outputs.route).toBe("strong");
    expect((hard.result.detail as { chances: Record<string, number> }).chances.cheap).toBeLessThan(0.6);
    expect(hard.result.note).toContain("cheaper routes fell short (cheap ");
    expect(models.requests.map((request) => request.credentialId)).toEqual(["c1", "c2"]);
    expect(decided).toEqual(["lr1", "lr1"]);
  });

  it("speaks in the node's route names when they are mapped from the learned router's keys", async () => {
    const { routers } = trainedRouter();
    const named = [
      { name: "small", credentialId: "c1", model: "small" },
      { name: "large", credentialId: "c2", model: "large" },
    ];
    const config = {
      routes: named,
      learnedRoutes: { cheap: "small", strong: "large" },
      mode: "learned",
      learned: { routerId: "lr1", threshold: 0.6 },
    };
    const models = scriptedModels((request) => ({ text: `answer from ${request.model}` }));
    const easy = await runNode(router, config, { prompt: "hello, what are your opening hours?" }, { models, services: { routers } });
    expect(easy.result.outputs).toEqual({ text: "answer from small", route: "small" });
    expect(easy.result.note).toMatch(/^Route "small": small is predicted to pass with \d+% ≥ the 60% threshold/);
    expect(easy.result.detail).toMatchObject({ chances: { small: expect.any(Number), large: expect.any(Number) } });
    const hard = await runNode(router, config, { prompt: "prove the theorem about primes" }, { models, services: { routers } });
    expect(hard.result.outputs.route).toBe("large");
    // a route renamed in the inspector without the mapping: the check says which
    expect(router.check!(router.config.parse({ ...config, routes: [named[0], { ...named[1], name: "big" }] }))).toContain(
      'the learned router\'s route "strong" goes to "large", which is not a route',
    );
  });

  it("fails validation when a route's credential was deleted, like any model node", () => {
    const position = { x: 0, y: 0 };
    const graph = {
      nodes: [
        { id: "in", type: "chat-input", config: {}, position },
        { id: "pick", type: "router", config: { routes, mode: "learned", learned: { routerId: "lr1", threshold: 0.6 } }, position },
        { id: "out", type: "chat-output", config: {}, position },
      ],
      edges: [
        { id: "e1", source: "in", sourceHandle: "message", target: "pick", targetHandle: "prompt" },
        { id: "e2", source: "pick", sourceHandle: "text", target: "out", targetHandle: "text" },
      ],
    };
    expect(compileFlow(graph, nodeRegistry, { references: { credential: new Set(["c1", "c2"]) } }).ok).toBe(true);
    const result = compileFlow(graph, nodeRegistry, { references: { credential: new Set(["c1"]) } });
    expect(!result.ok && result.problems.map((problem) => [problem.nodeId, problem.configPath, problem.message])).toEqual([
      [
        "pick",
        ["routes", 1, "credentialId"],
        "Router: Routes #2 › Provider: this provider does not exist in this workspace (it was removed, or the flow came from another workspace); choose another",
      ],
    ]);
  });

  it("fails clearly when the router picks a route the node lacks, and checks that a router is chosen", async () => {
    const { routers } = trainedRouter();
    const config = { routes: [routes[1]!, { ...routes[0]!, name: "tiny" }], mode: "learned", learned: { routerId: "lr1" } };
    await expect(
      runNode(router, { ...config, learned: { routerId: "lr1", threshold: 0 } }, { prompt: "hi" }, { services: { routers } }),
    ).rejects.toThrow('The learned router chose the route "cheap", which this Router node does not have');
    expect(router.check!(router.config.parse({ routes, mode: "learned" }))).toEqual([
      "learn a router from an eval run, or choose another mode",
    ]);
  });
});

describe("router: learned mode with a verify line (learned + cascade)", () => {
  const verifier = { kind: "regex", pattern: "^\\d+$" };
  const easyText = "hello, what are your opening hours?";
  const models = () =>
    scriptedModels((request) => ({
      text: request.model === "small" ? (lastMessage(request).includes("tricky") ? "I am not sure" : "42") : "1764",
      usage: { costUsd: request.model === "small" ? 0.001 : 0.03 },
    }));

  it("checks the answers of cheaper routes it is unsure of, escalates rejected ones, and sends hard requests straight to the strongest", async () => {
    const { routers } = trainedRouter();
    const easyChance = (await routers.decide("lr1", easyText, 0.5)).chances.cheap!;
    const config = {
      routes,
      mode: "learned",
      learned: { routerId: "lr1", threshold: 0.5, verifyBelow: easyChance + 1e-3 },
      cascade: verifier,
    };

    const checked = models();
    const accepted = await runNode(router, config, { prompt: easyText }, { models: checked, services: { routers } });
    expect(accepted.result.outputs).toEqual({ text: "42", route: "cheap" });
    expect(accepted.result.note).toMatch(
      /^Route "cheap": cheap is predicted to pass with \d+% ≥ the 50% threshold and is the cheapest route; \d+% is below the \d+% verify line, so its answer is checked\. Cascade, route "cheap": accepted: Matches the pattern$/,
    );
    expect(accepted.result.detail).toMatchObject({
      threshold: 0.5,
      verifyBelow: config.learned.verifyBelow,
      stages: [{ route: "cheap", verdict: "accepted" }],
    });

    const rejected = await runNode(router, config, { prompt: `${easyText} tricky` }, { models: checked, services: { routers } });
    expect(rejected.result.outputs).toEqual({ text: "1764", route: "strong" });
    expect(rejected.result.note).toContain('Cascade, route "strong": escalated after "cheap" rejected (Does not match /^\\d+$/)');
    expect(rejected.steps).toEqual([
      expect.objectContaining({ kind: "cascade", name: "cheap", usage: expect.objectContaining({ costUsd: 0.001 }) }),
    ]);
    expect(checked.requests.map((request) => request.model)).toEqual(["small", "small", "large"]);

    // a request the router gives up on goes straight to the strongest route: no cheap call, no check
    const straight = models();
    const hard = await runNode(router, config, { prompt: "prove the theorem about primes" }, { models: straight, services: { routers } });
    expect(hard.result.outputs).toEqual({ text: "1764", route: "strong" });
    expect(hard.result.note).not.toContain("Cascade");
    expect(straight.requests.map((request) => request.model)).toEqual(["large"]);
  });

  it("answers unchecked above the verify line, and the editor's check wants the line above the threshold and a verifier", async () => {
    const { routers } = trainedRouter();
    const trickyChance = (await routers.decide("lr1", `${easyText} tricky`, 0.5)).chances.cheap!;
    const unchecked = models();
    const config = {
      routes,
      mode: "learned",
      learned: { routerId: "lr1", threshold: 0.5, verifyBelow: trickyChance - 1e-3 },
      cascade: verifier,
    };
    const sure = await runNode(router, config, { prompt: `${easyText} tricky` }, { models: unchecked, services: { routers } });
    expect(sure.result.outputs).toEqual({ text: "I am not sure", route: "cheap" });
    expect(sure.result.note).not.toContain("verify line");
    expect(unchecked.requests.map((request) => request.model)).toEqual(["small"]);

    const check = (value: Record<string, unknown>) => router.check!(router.config.parse(value));
    expect(check({ routes, mode: "learned", learned: { routerId: "lr1", threshold: 0.6, verifyBelow: 0.6 }, cascade: verifier })).toEqual([
      "the verify line must be above the threshold: below the threshold the strongest route answers unchecked",
    ]);
    expect(check({ routes, mode: "learned", learned: { routerId: "lr1", threshold: 0.6, verifyBelow: 0.9 } })).toEqual([
      "choose the cascade's verifier",
    ]);
    expect(check({ routes, mode: "learned", learned: { routerId: "lr1", threshold: 0.6 } })).toEqual([]);
  });

  it("a gap router draws its verify line on 1 − the expected loss, not on the chance, and the trace shows both", async () => {
    // a request both models are likely to fail: a low chance, but little to lose by answering cheaply
    const gapRouters = {
      async decide(_routerId: string, text: string, threshold: number) {
        const hopeless = text.includes("riddle");
        const chances = hopeless ? { cheap: 0.1, strong: 0.12 } : { cheap: 0.8, strong: 0.95 };
        const scores = { cheap: 1 - (chances.strong - chances.cheap), strong: 1 };
        return {
          route: scores.cheap >= threshold ? "cheap" : "strong",
          chances,
          scores,
          reason: `gap reason for ${text}`,
          strongest: "strong",
        };
      },
    };
    const config = { routes, mode: "learned", learned: { routerId: "lr1", threshold: 0.8, verifyBelow: 0.9 }, cascade: verifier };
    const unchecked = models();
    const hopeless = await runNode(
      router,
      config,
      { prompt: "an impossible riddle" },
      { models: unchecked, services: { routers: gapRouters } },
    );
    // chance 10 % is far below the 0.9 line, but its score 0.98 is above it: answered unchecked
    expect(hopeless.result.outputs).toEqual({ text: "42", route: "cheap" });
    expect(hopeless.result.note).toBe('Route "cheap": gap reason for an impossible riddle');
    expect(hopeless.result.detail).toMatchObject({
      chances: { cheap: 0.1, strong: 0.12 },
      scores: { cheap: 0.98, strong: 1 },
      threshold: 0.8,
    });
    expect(unchecked.requests.map((request) => request.model)).toEqual(["small"]);

    const checked = models();
    const unsure = await runNode(router, config, { prompt: easyText }, { models: checked, services: { routers: gapRouters } });
    expect(unsure.result.outputs).toEqual({ text: "42", route: "cheap" });
    expect(unsure.result.note).toContain(
      `gap reason for ${easyText}; its score 85% (1 − the expected loss) is below the 90% verify line, so its answer is checked`,
    );
    expect(checked.requests.map((request) => request.model)).toEqual(["small"]);
  });
});

describe("router: cascade mode", () => {
  const cascade = (verifier: Record<string, unknown>) => ({ routes, mode: "cascade", cascade: verifier });

  it("escalates exactly the answers the verifier rejects, holds tokens until accepted, and counts every stage", async () => {
    const models = scriptedModels((request) => ({
      text: request.model === "small" ? (lastMessage(request).includes("hard") ? "I am not sure" : "42") : "1764",
      usage: { costUsd: request.model === "small" ? 0.001 : 0.03 },
    }));
    const config = cascade({ kind: "regex", pattern: "^\\d+$" });
    const easy = await runNode(router, config, { prompt: "easy sum" }, { models });
    expect(easy.result.outputs).toEqual({ text: "42", route: "cheap" });
    expect(easy.steps).toEqual([]);
    expect(easy.events).toEqual([{ type: "token", nodeId: "n", text: "42" }]);
    expect(easy.result.note).toBe('Cascade, route "cheap": accepted: Matches the pattern');

    const hard = await runNode(router, config, { prompt: "hard product" }, { models });
    expect(hard.result.outputs).toEqual({ text: "1764", route: "strong" });
    // the rejected answer never reaches the stream, and is a sub-step with its cost
    expect(hard.events.map((event) => (event as { text: string }).text)).toEqual(["1764"]);
    expect(hard.steps).toEqual([
      expect.objectContaining({
        kind: "cascade",
        name: "cheap",
        output: { text: "I am not sure", verdict: "rejected", reason: "Does not match /^\\d+$/" },
        usage: expect.objectContaining({ costUsd: 0.001 }),
      }),
    ]);
    expect(hard.result.usage!.costUsd).toBe(0.03);
    expect(hard.result.detail).toMatchObject({
      stages: [
        { route: "cheap", verdict: "rejected", costUsd: 0.001 },
        { route: "strong", verdict: "accepted", reason: "the last route is not checked", costUsd: 0.03 },
      ],
    });
    expect(hard.result.note).toBe('Cascade, route "strong": escalated after "cheap" rejected (Does not match /^\\d+$/)');
    // held stages are asked without streaming; the last route streams
    expect(models.requests.map((request) => [request.model, request.stream])).toEqual([
      ["small", false],
      ["small", false],
      ["large", true],
    ]);
  });

  it("self-consistency: accepts when the samples agree, escalates when they differ, and records each sample", async () => {
    let calls = 0;
    const models = scriptedModels((request) => ({
      text: request.model === "small" ? (lastMessage(request) === "stable" ? " Paris " : `guess ${calls++}`) : "strong answer",
    }));
    const config = cascade({ kind: "self_consistency", samples: 3 });
    const agreed = await runNode(router, config, { prompt: "stable" }, { models });
    expect(agreed.result.outputs.route).toBe("cheap");
    expect(agreed.steps.map((step) => step.kind)).toEqual(["sample", "sample"]);
    expect(models.requests.slice(1).every((request) => request.temperature === 1)).toBe(true);
    const differed = await runNode(router, config, { prompt: "unstable" }, { models });
    expect(differed.result.outputs.route).toBe("strong");
    expect(differed.steps.map((step) => `${step.kind}:${step.name}`)).toEqual(["sample:cheap", "sample:cheap", "cascade:cheap"]);
    expect(differed.result.detail).toMatchObject({
      stages: [{ verdict: "rejected", reason: "3 samples disagree" }, { verdict: "accepted" }],
    });
  });

  it("an LLM judge with a minimum score, and a JavaScript assertion in the sandbox, decide too", async () => {
    const models = scriptedModels((request) => ({
      text:
        request.model === "judge"
          ? (request.messages[0] as { content: string }).content.includes("short")
            ? '{"score":0.9,"reason":"fine"}'
            : '{"score":0.4,"reason":"vague"}'
          : `short ${request.model}`,
    }));
    const judged = await runNode(
      router,
      cascade({ kind: "llm_judge", credentialId: "c3", model: "judge", rubric: "Is it right?", minScore: 0.7 }),
      { prompt: "q" },
      { models },
    );
    expect(judged.result.outputs.route).toBe("cheap");
    expect(judged.steps).toEqual([
      expect.objectContaining({ kind: "verifier", name: "judge", usage: expect.objectContaining({ costUsd: 0.001 }) }),
    ]);

    const sandbox = { sandbox: { run: runSandboxed } };
    const asserted = await runNode(
      router,
      cascade({ kind: "javascript", code: "return input.output.length > 100" }),
      { prompt: "q" },
      { models, services: sandbox },
    );
    expect(asserted.result.outputs.route).toBe("strong");
    expect(asserted.result.detail).toMatchObject({
      stages: [{ verdict: "rejected", reason: "The assertion returned false" }, { verdict: "accepted" }],
    });
  });

  it("checks the verifier's settings", () => {
    const check = (config: unknown) => router.check!(router.config.parse(config));
    expect(check({ routes, mode: "cascade" })).toEqual(["choose the cascade's verifier"]);
    expect(check(cascade({ kind: "llm_judge", rubric: "x" }))).toEqual(["choose the judge's provider and model"]);
    expect(check(cascade({ kind: "regex" }))).toEqual(["Give a pattern"]);
    expect(check(cascade({ kind: "json", schema: "{" }))).toEqual(["The JSON schema is not valid JSON"]);
    expect(check(cascade({ kind: "self_consistency" }))).toEqual([]);
  });
});
