import { describe, expect, it } from "vitest";
import { evaluatorSchema } from "./evaluators";
import { expectedValueProblems } from "./expected-values";

const evaluators = [
  { id: "exact", kind: "exact_match" },
  { id: "has", kind: "contains" },
  { id: "word", kind: "contains", value: "Paris" },
  { id: "sim", kind: "semantic_similarity", name: "Close enough" },
  { id: "fast", kind: "latency", maxMs: 1_000 },
].map((evaluator) => evaluatorSchema.parse(evaluator));

describe("evaluators that need expected values", () => {
  it("are refused on a dataset without any, each named with its field and reason", () => {
    const problems = expectedValueProblems(evaluators, false);
    expect(problems.map((problem) => problem.path)).toEqual(["evaluators.0", "evaluators.1", "evaluators.3"]);
    expect(problems[0]!.message).toMatch(/^Exact match compares with the expected value, and no item of this dataset version has one/);
    expect(problems[2]!.message).toMatch(/^Close enough compares/);
  });

  it("are fine on a dataset with expected values", () => {
    expect(expectedValueProblems(evaluators, true)).toEqual([]);
  });
});
