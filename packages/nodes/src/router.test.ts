import { describe, expect, it } from "vitest";
import { router } from "./router";
import { runNode, scriptedModels } from "./shared/test-support";

const cheap = { name: "cheap", credentialId: "c1", model: "small" };
const routes = [
  { name: "eu", credentialId: "c2", model: "eu-model", when: 'variables.region == "eu"' },
  { name: "hard", credentialId: "c1", model: "large", when: "tokens > 50", keywords: ["contract", "lawsuit"], pattern: "" },
  { ...cheap, fallbacks: [{ credentialId: "c3", model: "backup" }] },
];
const echo = () => scriptedModels((request) => ({ text: `answer from ${request.model}` }));

describe("router", () => {
  it("picks the first route whose rules all match, says why, and passes the route's fallbacks on", async () => {
    const models = echo();
    const eu = await runNode(router, { routes }, { prompt: "hi" }, { models, input: { variables: { region: "eu" } } });
    expect(eu.result.outputs).toEqual({ text: "answer from eu-model", route: "eu" });
    expect(eu.result.note).toBe('Route "eu": variables.region == "eu"');

    const long = `Please review this contract: ${"clause ".repeat(40)}`;
    const hard = await runNode(router, { routes }, { prompt: long }, { models });
    expect(hard.result.outputs.route).toBe("hard");
    expect(hard.result.detail).toMatchObject({ route: "hard", reason: 'tokens > 50 and keyword "contract"' });

    // long but without a keyword: the hard route's rules do not all match
    const plain = await runNode(router, { routes }, { prompt: "word ".repeat(60) }, { models });
    expect(plain.result.outputs.route).toBe("cheap");
    expect(plain.result.detail).toMatchObject({ reason: "no rules (default route)" });
    expect(models.requests.at(-1)).toMatchObject({
      credentialId: "c1",
      model: "small",
      fallbacks: [{ credentialId: "c3", model: "backup" }],
    });
  });

  it("lets a classifier model label the request, recording its call as a sub-step", async () => {
    const models = scriptedModels((request) => ({ text: request.model === "judge-small" ? " Hard." : `answer from ${request.model}` }));
    const config = {
      routes: [cheap, { name: "hard", credentialId: "c1", model: "large" }],
      mode: "classifier",
      classifier: { credentialId: "c1", model: "judge-small" },
      classifierHint: "hard: needs reasoning",
    };
    const { result, steps } = await runNode(router, config, { prompt: "Prove Fermat" }, { models });
    expect(result.outputs).toEqual({ text: "answer from large", route: "hard" });
    expect(result.note).toBe('Route "hard": the classifier labelled the request "Hard."');
    expect(models.requests[0]!.system).toBe(
      "Label the user's request for routing. Answer with exactly one label from: cheap, hard. No other words.\nhard: needs reasoning",
    );
    expect(models.requests[0]).toMatchObject({ stream: false, maxTokens: 10, temperature: 0 });
    expect(steps).toEqual([
      expect.objectContaining({
        kind: "classifier",
        name: "judge-small",
        output: { label: "Hard." },
        usage: expect.objectContaining({ costUsd: 0.001 }),
      }),
    ]);

    const unsure = scriptedModels((request) => ({ text: request.model === "judge-small" ? "medium" : "ok" }));
    const fallback = await runNode(router, config, { prompt: "?" }, { models: unsure });
    expect(fallback.result.outputs.route).toBe("hard");
    expect(fallback.result.detail).toMatchObject({
      reason: 'the classifier answered "medium", which names no route, so the last route answers',
    });
  });

  it("sends the request to the budget route once the run has spent its budget, or fails clearly", async () => {
    const config = {
      routes: [{ name: "frontier", credentialId: "c1", model: "large", when: "true" }, cheap],
      budgetUsd: 0.01,
      budgetRoute: "cheap",
    };
    const under = await runNode(router, config, { prompt: "x" }, { models: echo(), spentUsd: 0.009 });
    expect(under.result.outputs.route).toBe("frontier");
    const over = await runNode(router, config, { prompt: "x" }, { models: echo(), spentUsd: 0.01 });
    expect(over.result.outputs.route).toBe("cheap");
    expect(over.result.note).toBe('Route "cheap": the run has spent $0.010000 of its $0.01 budget');
    await expect(runNode(router, { ...config, budgetRoute: "" }, { prompt: "x" }, { models: echo(), spentUsd: 0.02 })).rejects.toThrow(
      "the run has spent $0.020000 of its $0.01 budget, and no budget route is set",
    );
  });

  it("names the fallback that answered", async () => {
    const models = scriptedModels(() => ({
      text: "from backup",
      attempts: [
        { startedAt: 0, latencyMs: 5, error: "openai small after 3 attempts: 503", target: "OPENAI small" },
        { startedAt: 0, latencyMs: 5, target: "OPENAI backup" },
      ],
      usage: { model: "backup" },
    }));
    const { result } = await runNode(router, { routes: [cheap] }, { prompt: "x" }, { models });
    expect(result.note).toBe('Route "cheap": no rules (default route). Fallback openai backup answered after 1 failed attempt');
  });

  it("checks routes: unique names, readable rules, a default route, a known budget route, a classifier", () => {
    const check = (config: unknown) => router.check!(router.config.parse(config));
    expect(
      check({
        routes: [
          { name: "a", credentialId: "c", model: "m", when: "tokens >" },
          { name: "a", credentialId: "c", model: "m", pattern: "(" },
        ],
        budgetRoute: "zzz",
      }),
    ).toEqual([
      'two routes are named "a"',
      'route "a": cannot read the expression: Expected expression after > at character 8',
      'route "a" pattern: "(" is not a valid regular expression',
      "give one route no rules: it answers when no other route matches",
      'the budget route "zzz" is not a route',
    ]);
    expect(
      check({
        routes: [
          { ...cheap, pattern: "(\\w)\\1" },
          { ...cheap, name: "b" },
        ],
      }),
    ).toEqual([
      'route "cheap" pattern: "(\\w)\\1" uses backreferences (\\1, \\k<name>), which cannot run in linear time; rewrite it without them',
    ]);
    expect(check({ routes: [cheap], mode: "classifier" })).toEqual(["choose the classifier's provider and model"]);
    expect(check({ routes })).toEqual([]);
  });
});
