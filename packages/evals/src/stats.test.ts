import { describe, expect, it } from "vitest";
import { compareSides } from "./compare";
import { planPairs } from "./plan";
import { disagreements, itemScores, paretoFrontier, percentile, variantStats, type ResultRow } from "./stats";
import { applyOverrides, credentialsOf, swapVariants } from "./variants";

const row = (
  itemId: string,
  variantKey: string,
  score: number,
  costUsd: number,
  latencyMs: number,
  error: string | null = null,
  repeat = 0,
): ResultRow => ({
  datasetItemId: itemId,
  variantKey,
  repeat,
  score: error ? null : score,
  passed: !error && score >= 1,
  costUsd,
  latencyMs,
  error,
});

describe("variant statistics", () => {
  const rows = [
    row("1", "big", 1, 0.01, 100),
    row("2", "big", 1, 0.01, 300),
    row("1", "small", 1, 0.001, 50),
    row("2", "small", 0, 0.001, 60, "timeout"),
  ];
  const stats = variantStats(
    [
      { key: "big", label: "Big" },
      { key: "small", label: "Small" },
    ],
    rows,
  );

  it("computes mean score (errors count as 0), pass rate, costs and latency percentiles", () => {
    expect(stats[0]).toMatchObject({
      items: 2,
      errors: 0,
      meanScore: 1,
      passRate: 1,
      totalCostUsd: 0.02,
      costPerItemUsd: 0.01,
      p50LatencyMs: 100,
      p95LatencyMs: 300,
    });
    expect(stats[1]).toMatchObject({ items: 2, errors: 1, meanScore: 0.5, passRate: 0.5, p50LatencyMs: 50 });
  });

  it("percentile is nearest-rank", () => {
    expect(percentile([1, 2, 3, 4], 50)).toBe(2);
    expect(percentile([1, 2, 3, 4], 95)).toBe(4);
    expect(percentile([], 50)).toBeNull();
  });

  it("averages an item's repeats before the variant's mean, and keeps every repeat's cost and latency", () => {
    const repeated = [
      row("1", "a", 1, 0.01, 100, null, 0),
      row("1", "a", 0, 0.01, 100, null, 1),
      row("1", "a", 1, 0.01, 100, null, 2),
      row("2", "a", 1, 0.01, 100, null, 0),
      row("2", "a", 1, 0.01, 100, null, 1),
      row("2", "a", 1, 0.01, 100, null, 2),
    ];
    const [stat] = variantStats([{ key: "a", label: "A" }], repeated);
    expect(stat).toMatchObject({ items: 2, runs: 6, costPerItemUsd: 0.01 });
    expect(stat!.meanScore).toBeCloseTo(5 / 6);
    expect(stat!.passRate).toBeCloseTo(5 / 6);
    expect(itemScores(repeated).get("a")!.get("1")).toEqual({ score: 2 / 3, passFraction: 2 / 3, runs: 3 });
  });

  it("marks the Pareto frontier", () => {
    const points = [
      { variantKey: "a", meanScore: 0.9, costPerItemUsd: 0.01 },
      { variantKey: "b", meanScore: 0.7, costPerItemUsd: 0.001 },
      { variantKey: "c", meanScore: 0.6, costPerItemUsd: 0.005 }, // worse and dearer than b
      { variantKey: "d", meanScore: 0.9, costPerItemUsd: 0.02 }, // same score as a, dearer
    ];
    expect(paretoFrontier(points)).toEqual(["a", "b"]);
  });

  it("finds items where the variants disagree", () => {
    expect([...disagreements(rows)]).toEqual(["2"]);
  });
});

describe("comparing two sides", () => {
  it("classifies items as improved, regressed, unchanged or one-sided, matched by input", () => {
    const comparison = compareSides(
      [
        { input: "a", score: 0, passed: false, output: "x" },
        { input: "b", score: 1, passed: true, output: "y" },
        { input: "c", score: 1, passed: true, output: "z" },
        { input: "gone", score: 1, passed: true, output: "z" },
      ],
      [
        { input: "c", score: 1, passed: true, output: "z" },
        { input: "a", score: 1, passed: true, output: "x" },
        { input: "b", score: 0.5, passed: false, output: "y" },
        { input: "new", score: 1, passed: true, output: "n" },
      ],
    );
    expect(comparison.counts).toEqual({ improved: 1, regressed: 1, unchanged: 1, "only-before": 1, "only-after": 1 });
    expect(comparison.items.find((item) => item.input === "b")).toMatchObject({ change: "regressed", delta: -0.5 });
  });
});

describe("planning and variants", () => {
  it("plans every pair item-major and skips pairs that already have a result", () => {
    expect(planPairs(["i1", "i2"], ["a", "b"], [{ datasetItemId: "i1", variantKey: "b" }])).toEqual([
      { datasetItemId: "i1", variantKey: "a", repeat: 0 },
      { datasetItemId: "i2", variantKey: "a", repeat: 0 },
      { datasetItemId: "i2", variantKey: "b", repeat: 0 },
    ]);
  });

  it("plans every repeat and, on resume, only the cells still missing", () => {
    const all = planPairs(["i1", "i2"], ["a", "b"], [], 3);
    expect(all).toHaveLength(12);
    const done = all.filter((_, index) => index % 2 === 0);
    const rest = planPairs(["i1", "i2"], ["a", "b"], done, 3);
    expect(rest).toEqual(all.filter((_, index) => index % 2 === 1));
  });

  it("applies overrides without touching the original graph and refuses unknown nodes", () => {
    const graph = { nodes: [{ id: "m", type: "model", config: { credentialId: "c1", model: "small", system: "s" } }], edges: [] };
    const changed = applyOverrides(
      graph,
      swapVariants("m", { credentialId: "c1", model: "small" }, { credentialId: "c2", model: "large" })[1]!.overrides,
    );
    expect(changed.nodes[0]!.config).toEqual({ credentialId: "c2", model: "large", system: "s" });
    expect(graph.nodes[0]!.config.model).toBe("small");
    expect(credentialsOf(changed)).toEqual(["c2"]);
    expect(() => applyOverrides(graph, { nope: { model: "x" } })).toThrow(/node "nope", which the flow does not have/);
  });
});

describe("per-evaluator statistics", () => {
  const scored = (itemId: string, variantKey: string, hit: number | null, faithful: number, repeat = 0): ResultRow => ({
    ...row(itemId, variantKey, 1, 0, 10, null, repeat),
    evaluatorScores: [
      { evaluatorId: "hit", score: hit },
      { evaluatorId: "faithful", score: faithful },
    ],
  });

  it("gives each quality evaluator its mean and interval over the items it applied to, repeats averaged first", () => {
    const rows = [
      scored("1", "k1", 1, 1),
      scored("1", "k1", 1, 0, 1),
      scored("2", "k1", 0, 1),
      scored("2", "k1", 0, 1, 1),
      scored("3", "k1", null, 0.5), // names no expected source: not a retrieval item
      scored("3", "k1", null, 0.5, 1),
      { ...row("4", "k1", 0, 0, 10, "provider down"), evaluatorScores: [] },
    ];
    const [stats] = variantStats([{ key: "k1", label: "top-k 1" }], rows);
    const hit = stats!.evaluators!.find((entry) => entry.evaluatorId === "hit")!;
    const faithful = stats!.evaluators!.find((entry) => entry.evaluatorId === "faithful")!;
    // hit: items 1 (1), 2 (0) and the errored item 4 (0); item 3 does not count
    expect([hit.items, hit.meanScore]).toEqual([3, 1 / 3]);
    // faithful: item 1 (0.5), 2 (1), 3 (0.5), 4 (0)
    expect([faithful.items, faithful.meanScore]).toEqual([4, 0.5]);
    expect(faithful.scoreInterval[0]).toBeLessThan(0.5);
    expect(faithful.scoreInterval[1]).toBeGreaterThan(0.5);
  });

  it("keeps none when a run has one quality evaluator: the overall score is that evaluator", () => {
    const [stats] = variantStats(
      [{ key: "k1", label: "one" }],
      [{ ...row("1", "k1", 1, 0, 10), evaluatorScores: [{ evaluatorId: "e", score: 1 }] }],
    );
    expect(stats!.evaluators).toEqual([]);
  });
});
