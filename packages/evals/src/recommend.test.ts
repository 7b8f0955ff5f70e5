import { describe, expect, it } from "vitest";
import { recommend } from "./recommend";
import { itemScores, variantStats, type ResultRow } from "./stats";

const rows = (variantKey: string, scores: number[], costUsd: number): ResultRow[] =>
  scores.map((score, index) => ({
    datasetItemId: `i${index}`,
    variantKey,
    repeat: 0,
    score,
    passed: score >= 1,
    costUsd,
    latencyMs: 100,
    error: null,
  }));

function decide(sides: { key: string; scores: number[]; cost: number }[], margin: number) {
  const all = sides.flatMap((side) => rows(side.key, side.scores, side.cost));
  const stats = variantStats(
    sides.map((side) => ({ key: side.key, label: side.key })),
    all,
  );
  return recommend(stats, itemScores(all), margin);
}

const repeat = (pattern: number[], times: number) => Array.from({ length: times }, () => pattern).flat();

describe("recommendation from intervals", () => {
  it("recommends the cheaper variant when the interval shows it within the margin of the best", () => {
    // 200 items; cheap misses one item in 100 that best gets right
    const best = repeat([1], 200);
    const cheap = best.map((score, index) => (index % 100 === 0 ? 0 : score));
    const result = decide(
      [
        { key: "best", scores: best, cost: 0.01 },
        { key: "cheap", scores: cheap, cost: 0.001 },
      ],
      0.05,
    )!;
    expect(result).toMatchObject({ kind: "recommend", variantKey: "cheap" });
    expect(result.text).toMatch(/^Use cheap: at 10% the cost per item of best, it scores at most 5 points below it with 95 % confidence/);
  });

  it("does not recommend a cheaper variant whose point estimate is within the margin but whose interval is not", () => {
    // 10 items, cheap wrong on one: the point is 10 points below, the interval reaches far lower
    const best = repeat([1], 10);
    const cheap = [0, ...repeat([1], 9)];
    const result = decide(
      [
        { key: "best", scores: best, cost: 0.01 },
        { key: "cheap", scores: cheap, cost: 0.001 },
      ],
      0.15,
    )!;
    expect(result.kind).toBe("undecided");
    expect(result.variantKey).toBeNull();
    expect(result.text).toMatch(
      /^The data cannot decide yet: cheap costs 10% of best per item.*About \d+ more items would show whether it is within 15 points\./,
    );
  });

  it("recommends the best when every cheaper variant is clearly worse by more than the margin", () => {
    const best = repeat([1], 100);
    const cheap = repeat([1, 0], 50);
    const result = decide(
      [
        { key: "best", scores: best, cost: 0.01 },
        { key: "cheap", scores: cheap, cost: 0.001 },
      ],
      0.05,
    )!;
    expect(result).toMatchObject({ kind: "recommend", variantKey: "best" });
    expect(result.text).toMatch(/every cheaper variant scores lower by more than 5 points \(cheap: −/);
  });

  it("all-zero results and exact ties give no recommendation but say what they are", () => {
    const zero = decide(
      [
        { key: "a", scores: [0, 0, 0], cost: 0.01 },
        { key: "b", scores: [0, 0, 0], cost: 0 },
      ],
      0.05,
    )!;
    expect(zero).toMatchObject({ kind: "all-zero", variantKey: null });
    expect(zero.text).toMatch(/^Every variant scored 0 on every item/);
    const tie = decide(
      [
        { key: "a", scores: [1, 0, 1], cost: 0.01 },
        { key: "b", scores: [0, 1, 1], cost: 0.01 },
      ],
      0.05,
    )!;
    expect(tie).toMatchObject({ kind: "tie", variantKey: null });
    expect(tie.text).toBe("a and b tie: the same mean score (66.7%) at the same cost per item, so the data do not prefer one.");
  });

  it("gives nothing before there are results", () => {
    expect(recommend(variantStats([{ key: "a", label: "a" }], []), new Map(), 0.05)).toBeNull();
  });
});
