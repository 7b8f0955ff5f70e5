import { describe, expect, it } from "vitest";
import { evaluatorSchema, scoreItem, scoreOne, type EvaluatorServices, type ItemOutcome, type JudgeRequest } from "./evaluators";
import { expectedSourceProblems, knowledgeEvaluatorProblems } from "./expected-values";

const retrievals = [
  {
    nodeId: "kb",
    passages: [
      { documentId: "d1", documentName: "returns.md", content: "Items can be returned within 30 days." },
      { documentId: "d2", documentName: "shipping.md", content: "Orders ship within two days." },
    ],
  },
];
const item = (extra: Partial<ItemOutcome> = {}): ItemOutcome => ({
  input: "How long do I have to return an item?",
  expected: null,
  output: "You have 30 days.",
  latencyMs: 100,
  costUsd: 0,
  retrievals,
  expectedSources: ["shipping.md"],
  ...extra,
});
const judge = (reply: string, asked: JudgeRequest[] = []): EvaluatorServices => ({
  judge: async (request) => {
    asked.push(request);
    return { text: reply, costUsd: 0.002 };
  },
});
const judged = { credentialId: "cred", model: "judge-model" };

describe("knowledge-base evaluators", () => {
  it("faithfulness asks the judge whether the passages support the answer and keeps its score, reason and cost", async () => {
    const asked: JudgeRequest[] = [];
    const evaluator = evaluatorSchema.parse({ id: "faithful", kind: "faithfulness", ...judged, passThreshold: 0.8 });
    const score = await scoreOne(evaluator, item(), judge('{"score": 0.75, "reason": "one claim is unsupported"}', asked));
    expect(score).toEqual({ evaluatorId: "faithful", score: 0.75, passed: false, reason: "one claim is unsupported", costUsd: 0.002 });
    expect(asked).toHaveLength(1);
    expect(asked[0]).toMatchObject({ credentialId: "cred", model: "judge-model" });
    expect(asked[0]!.system).toMatch(/supported by the passages/);
    expect(asked[0]!.prompt).toBe(
      '<passages>\n<passage number="1" source="returns.md">\nItems can be returned within 30 days.\n</passage>\n' +
        '<passage number="2" source="shipping.md">\nOrders ship within two days.\n</passage>\n</passages>\n\n<answer>\nYou have 30 days.\n</answer>',
    );
  });

  it("context relevance sends the question and the passages", async () => {
    const asked: JudgeRequest[] = [];
    const evaluator = evaluatorSchema.parse({ id: "relevant", kind: "context_relevance", ...judged });
    const score = await scoreOne(evaluator, item(), judge('Sure: {"score": 0.5, "reason": "one of two passages is about returns"}', asked));
    expect(score).toMatchObject({ score: 0.5, passed: true, reason: "one of two passages is about returns" });
    expect(asked[0]!.prompt).toMatch(
      /^<question>\nHow long do I have to return an item\?\n<\/question>\n\n<passages>\n<passage number="1"/,
    );
  });

  it("the judges are not asked when there is nothing to judge: skipped without a Retrieve step, 0 when it found nothing", async () => {
    const asked: JudgeRequest[] = [];
    const faithfulness = evaluatorSchema.parse({ id: "f", kind: "faithfulness", ...judged });
    expect(await scoreOne(faithfulness, item({ retrievals: [] }), judge("{}", asked))).toMatchObject({ skipped: true, passed: false });
    expect(await scoreOne(faithfulness, item({ retrievals: [{ nodeId: "kb", passages: [] }] }), judge("{}", asked))).toEqual({
      evaluatorId: "f",
      score: 0,
      passed: false,
      reason: "Retrieval found no passages, so nothing supports the reply",
      costUsd: 0,
    });
    expect(asked).toHaveLength(0);
  });

  it("a judge reply without a score fails the item with the reply quoted", async () => {
    const evaluator = evaluatorSchema.parse({ id: "f", kind: "faithfulness", ...judged });
    expect(await scoreOne(evaluator, item(), judge("I cannot tell"))).toMatchObject({
      score: 0,
      passed: false,
      reason: "The judge's reply had no score: I cannot tell",
    });
  });

  it("hit rate and MRR score the item's expected sources against the ranked documents", async () => {
    const none: EvaluatorServices = { judge: () => Promise.reject(new Error("no judge for retrieval metrics")) };
    const hit = evaluatorSchema.parse({ id: "hit", kind: "retrieval_hit_rate" });
    const mrr = evaluatorSchema.parse({ id: "mrr", kind: "retrieval_mrr" });
    expect(await scoreOne(hit, item(), none)).toEqual({
      evaluatorId: "hit",
      score: 1,
      passed: true,
      reason: "An expected source was retrieved",
      costUsd: 0,
    });
    expect(await scoreOne(mrr, item(), none)).toMatchObject({ score: 0.5, reason: "The first expected source was retrieved at rank 2" });
    expect(await scoreOne(mrr, item({ expectedSources: ["warranty.pdf"] }), none)).toMatchObject({
      score: 0,
      passed: false,
      reason: "None of warranty.pdf was retrieved",
    });
  });

  it("an item naming no expected source is skipped by the retrieval metrics: it neither lowers the score nor fails", async () => {
    const none: EvaluatorServices = { judge: () => Promise.reject(new Error("unused")) };
    const evaluators = [
      evaluatorSchema.parse({ id: "hit", kind: "retrieval_hit_rate" }),
      evaluatorSchema.parse({ id: "has", kind: "contains", value: "30 days" }),
    ];
    const scored = await scoreItem(evaluators, item({ expectedSources: null }), none);
    expect(scored.scores[0]).toMatchObject({ evaluatorId: "hit", skipped: true, reason: "The item names no expected sources" });
    expect([scored.score, scored.passed]).toEqual([1, true]);
    const missed = await scoreItem(evaluators, item({ expectedSources: ["warranty.pdf"] }), none);
    expect([missed.score, missed.passed]).toEqual([0.5, false]);
  });

  it("an item every evaluator skipped has no score and neither passed nor failed", async () => {
    const none: EvaluatorServices = { judge: () => Promise.reject(new Error("unused")) };
    const evaluators = [
      evaluatorSchema.parse({ id: "hit", kind: "retrieval_hit_rate" }),
      evaluatorSchema.parse({ id: "mrr", kind: "retrieval_mrr" }),
    ];
    const scored = await scoreItem(evaluators, item({ expectedSources: null }), none);
    expect(scored.scores.every((score) => score.skipped)).toBe(true);
    expect([scored.score, scored.passed]).toEqual([null, null]);
    // no reply at all is still a failure, measured or not
    expect((await scoreItem(evaluators, item({ expectedSources: null, output: null }), none)).passed).toBe(false);
  });

  it("is refused up front: retrieval metrics on a dataset naming no sources, any of the four on a flow without a Retrieve node", () => {
    const evaluators = [
      evaluatorSchema.parse({ id: "exact", kind: "exact_match" }),
      evaluatorSchema.parse({ id: "mrr", kind: "retrieval_mrr" }),
      evaluatorSchema.parse({ id: "f", kind: "faithfulness", ...judged }),
    ];
    expect(expectedSourceProblems(evaluators, true)).toEqual([]);
    expect(expectedSourceProblems(evaluators, false)).toEqual([
      { path: "evaluators.1", message: expect.stringMatching(/^Retrieval MRR compares .* no item of this dataset version names any/) },
    ]);
    expect(knowledgeEvaluatorProblems(evaluators, true)).toEqual([]);
    expect(knowledgeEvaluatorProblems(evaluators, false).map((problem) => problem.path)).toEqual(["evaluators.1", "evaluators.2"]);
    expect(knowledgeEvaluatorProblems(evaluators, false)[1]!.message).toBe(
      "Faithfulness measures what the bot retrieves from a context store, and this flow has no Retrieve node",
    );
  });
});
