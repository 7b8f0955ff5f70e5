import { describe, expect, it } from "vitest";
import { cosine, evaluatorSchema, scoreItem, scoreOne, type EvaluatorServices, type ItemOutcome } from "./evaluators";
import { parseJudgeReply } from "./judge-reply";

const item = (output: string | null, expected: string | null = "Paris", extra: Partial<ItemOutcome> = {}): ItemOutcome => ({
  input: "Capital of France?",
  expected,
  output,
  latencyMs: 120,
  costUsd: 0.001,
  ...extra,
});
const noServices: EvaluatorServices = {
  judge: () => Promise.reject(new Error("no judge in this test")),
};
const score = (config: unknown, outcome: ItemOutcome, services = noServices) => scoreOne(evaluatorSchema.parse(config), outcome, services);

describe("evaluators", () => {
  it("exact match ignores case and surrounding space unless asked", async () => {
    expect((await score({ id: "e", kind: "exact_match" }, item(" paris "))).passed).toBe(true);
    expect((await score({ id: "e", kind: "exact_match", caseSensitive: true }, item("paris"))).passed).toBe(false);
    expect(await score({ id: "e", kind: "exact_match" }, item("Paris", null))).toMatchObject({
      passed: false,
      reason: "The item has no expected value",
    });
  });

  it("contains looks for the expected value or a fixed text", async () => {
    expect((await score({ id: "c", kind: "contains" }, item("It is Paris."))).passed).toBe(true);
    expect(await score({ id: "c", kind: "contains", value: "Lyon" }, item("It is Paris."))).toMatchObject({
      score: 0,
      reason: 'Does not contain "Lyon"',
    });
  });

  it("regex matches with flags and refuses invalid patterns at definition", async () => {
    expect((await score({ id: "r", kind: "regex", pattern: "^it is", flags: "i" }, item("It is Paris"))).passed).toBe(true);
    expect(evaluatorSchema.safeParse({ id: "r", kind: "regex", pattern: "(" }).error?.issues[0]?.message).toBe(
      'Pattern: "(" is not a valid regular expression',
    );
  });

  it("regex runs in linear time and refuses what the linear-time engine cannot run", async () => {
    const started = performance.now();
    const evil = await score({ id: "r", kind: "regex", pattern: "^(a+)+$" }, item(`${"a".repeat(100_000)}!`));
    expect(evil).toMatchObject({ passed: false, reason: "Does not match /^(a+)+$/" });
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(evaluatorSchema.safeParse({ id: "r", kind: "regex", pattern: "(a)\\1" }).error?.issues[0]).toMatchObject({
      path: ["pattern"],
      message: expect.stringMatching(/^Pattern: .*backreferences.*linear time/),
    });
    expect(evaluatorSchema.safeParse({ id: "r", kind: "regex", pattern: "a", flags: "g" }).success).toBe(false);
  });

  it("json schema patterns run in linear time; one the engine cannot run is refused at definition", async () => {
    const schema = { type: "object", properties: { code: { type: "string", pattern: "^(a+)+$" } } };
    const started = performance.now();
    const result = await score({ id: "j", kind: "json", schema }, item(JSON.stringify({ code: `${"a".repeat(100_000)}!` })));
    expect(result.passed).toBe(false);
    expect(performance.now() - started).toBeLessThan(2_000);
    const lookahead = { type: "object", properties: { code: { type: "string", pattern: "^(?=x)" } } };
    expect(evaluatorSchema.safeParse({ id: "j", kind: "json", schema: lookahead }).error?.issues[0]).toMatchObject({
      path: ["schema"],
      message: expect.stringMatching(/^JSON schema: properties\.code\.pattern: .*lookaround/),
    });
  });

  it("json checks validity and a JSON schema", async () => {
    const schema = { type: "object", properties: { city: { type: "string" } }, required: ["city"] };
    expect((await score({ id: "j", kind: "json" }, item("not json"))).reason).toBe("The output is not valid JSON");
    expect((await score({ id: "j", kind: "json", schema }, item('{"city":"Paris"}'))).passed).toBe(true);
    expect(await score({ id: "j", kind: "json", schema }, item('{"city":3}'))).toMatchObject({
      passed: false,
      reason: expect.stringMatching(/^Does not match the schema: city/),
    });
  });

  it("latency and cost thresholds", async () => {
    expect((await score({ id: "l", kind: "latency", maxMs: 100 }, item("x"))).passed).toBe(false);
    expect((await score({ id: "l", kind: "latency", maxMs: 200 }, item("x"))).passed).toBe(true);
    expect((await score({ id: "k", kind: "cost", maxUsd: 0.01 }, item("x"))).passed).toBe(true);
    expect((await score({ id: "k", kind: "cost", maxUsd: 0.0001 }, item("x"))).passed).toBe(false);
  });

  it("semantic similarity scores the cosine of output and expected embeddings and passes at the threshold", async () => {
    const vectors: Record<string, number[]> = { Paris: [1, 0], "It is Paris": [0.8, 0.6], Berlin: [0, 1], Opposite: [-1, 0] };
    const embedded: string[][] = [];
    const services: EvaluatorServices = {
      ...noServices,
      embed: async (values) => {
        embedded.push(values);
        return { vectors: values.map((value) => vectors[value]!), costUsd: 0.000002 };
      },
    };
    expect(await score({ id: "s", kind: "semantic_similarity" }, item("It is Paris"), services)).toMatchObject({
      score: 0.8,
      passed: true,
      reason: "Similarity 0.80 ≥ 0.8",
      costUsd: 0.000002, // the embedding call is part of what scoring the item cost
    });
    expect(embedded[0]).toEqual(["It is Paris", "Paris"]);
    expect(await score({ id: "s", kind: "semantic_similarity", threshold: 0.9 }, item("It is Paris"), services)).toMatchObject({
      passed: false,
      reason: "Similarity 0.80 < 0.9",
    });
    expect(await score({ id: "s", kind: "semantic_similarity" }, item("Berlin"), services)).toMatchObject({ score: 0, passed: false });
    // opposite vectors are clamped to 0 so the score stays in 0–1
    expect((await score({ id: "s", kind: "semantic_similarity" }, item("Opposite"), services)).score).toBe(0);
  });

  it("semantic similarity without an embedding model or an expected value fails with a reason", async () => {
    const none: EvaluatorServices = { ...noServices, embed: async () => null };
    expect(await score({ id: "s", kind: "semantic_similarity" }, item("Paris"), none)).toMatchObject({
      passed: false,
      reason: expect.stringMatching(/needs an embedding model/),
    });
    expect((await score({ id: "s", kind: "semantic_similarity" }, item("Paris"))).reason).toMatch(/needs an embedding model/);
    expect((await score({ id: "s", kind: "semantic_similarity" }, item("Paris", null), none)).reason).toBe(
      "The item has no expected value to compare with",
    );
    expect(evaluatorSchema.safeParse({ id: "s", kind: "semantic_similarity", threshold: 1.5 }).success).toBe(false);
  });

  it("cosine is exact for vectors of any length", () => {
    expect(cosine([2, 0], [5, 0])).toBe(1);
    expect(cosine([0, 0], [1, 0])).toBe(0);
    expect(cosine([1, 1], [1, 0])).toBeCloseTo(Math.SQRT1_2);
  });

  it("a JavaScript assertion without a sandbox fails with a reason instead of running unsandboxed", async () => {
    expect(await score({ id: "js", kind: "javascript", code: "return true" }, item("x"))).toMatchObject({
      passed: false,
      reason: expect.stringMatching(/need the sandbox/),
    });
  });

  it("a JavaScript assertion's boolean or 0–1 number becomes the score", async () => {
    const services = (value: unknown): EvaluatorServices => ({ ...noServices, assert: async () => ({ ok: true, value }) });
    expect(await score({ id: "js", kind: "javascript", code: "x" }, item("x"), services(0.75))).toMatchObject({
      score: 0.75,
      passed: true,
    });
    expect(await score({ id: "js", kind: "javascript", code: "x" }, item("x"), services(false))).toMatchObject({ score: 0, passed: false });
  });

  it("the LLM judge sends the rubric, question, reference and answer, and takes score and reason from its reply", async () => {
    const prompts: string[] = [];
    const services: EvaluatorServices = {
      judge: async (request) => {
        prompts.push(request.prompt);
        return { text: 'Sure! ```json\n{"score": 0.8, "reason": "Correct but terse"}\n```', costUsd: 0.002 };
      },
    };
    const result = await score(
      { id: "judge", kind: "llm_judge", credentialId: "c1", model: "m", rubric: "Be correct", passThreshold: 0.9 },
      item("Paris"),
      services,
    );
    expect(result).toEqual({ evaluatorId: "judge", score: 0.8, passed: false, reason: "Correct but terse", costUsd: 0.002 });
    expect(prompts[0]).toContain("Rubric:\nBe correct");
    expect(prompts[0]).toContain("Reference answer:\nParis");
  });

  it("parses judge replies defensively", () => {
    expect(parseJudgeReply('{"score":"1","reason":"ok"}')).toEqual({ score: 1, reason: "ok" });
    expect(parseJudgeReply('{"score": 7}')).toBeNull();
    expect(parseJudgeReply("I think 0.5")).toBeNull();
  });

  it("an item passes only when every quality evaluator passes, and its score is their mean", async () => {
    const evaluators = [evaluatorSchema.parse({ id: "a", kind: "contains" }), evaluatorSchema.parse({ id: "b", kind: "exact_match" })];
    expect(await scoreItem(evaluators, item("It is Paris"), noServices)).toMatchObject({ score: 0.5, passed: false, costUsd: 0 });
    expect((await scoreItem(evaluators.slice(0, 1), item(null), noServices)).passed).toBe(false);
  });

  it("latency and cost checks are reported apart and never lift the score of a wrong answer", async () => {
    const evaluators = [
      evaluatorSchema.parse({ id: "right", kind: "contains" }),
      evaluatorSchema.parse({ id: "fast", kind: "latency", maxMs: 10_000 }),
      evaluatorSchema.parse({ id: "cheap", kind: "cost", maxUsd: 1 }),
    ];
    const wrong = await scoreItem(evaluators, item("Lyon"), noServices);
    expect(wrong).toMatchObject({ score: 0, passed: false });
    expect(wrong.scores.map((score) => score.evaluatorId)).toEqual(["right"]);
    expect(wrong.checks.map((check) => [check.evaluatorId, check.passed])).toEqual([
      ["fast", true],
      ["cheap", true],
    ]);
    // with nothing but checks, the checks are what is scored
    const onlyChecks = await scoreItem(evaluators.slice(1), item("Lyon"), noServices);
    expect(onlyChecks).toMatchObject({ score: 1, passed: true });
  });
});
