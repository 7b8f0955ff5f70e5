// An item every evaluator skipped (a retrieval metric on an item naming no expected source) is
// unmeasured: not passed, not failed, in no mean, rate or interval — from the stored result to the
// recommendation.
import { describe, expect, it } from "vitest";
import { recommend } from "./recommend";
import { disagreements, itemScores, variantStats, type ResultRow } from "./stats";
import { hasIntervals, summarize, toResultRow, type StoredScores } from "./summary";

/** A stored result as the eval job writes it. */
const stored = (itemId: string, variantKey: string, outcome: "pass" | "fail" | "skipped" | "error", repeat = 0) => {
  const skipped = outcome === "skipped";
  const errored = outcome === "error";
  const value = outcome === "pass" ? 1 : 0;
  const scores: StoredScores = errored
    ? { score: null, evaluators: [] }
    : {
        score: skipped ? null : value,
        evaluators: [{ evaluatorId: "hit", score: value, passed: outcome === "pass", reason: "", ...(skipped ? { skipped: true } : {}) }],
      };
  return {
    datasetItemId: itemId,
    variantKey,
    repeat,
    scores,
    passed: skipped ? null : outcome === "pass",
    costUsd: 0.001,
    latencyMs: 10,
    error: errored ? "provider down" : null,
  };
};

const variants = [
  { key: "a", label: "A" },
  { key: "b", label: "B" },
];

describe("items no evaluator measured", () => {
  it("count neither as passed nor as failed: out of the pass rate, the mean and their intervals", () => {
    const rows = [stored("1", "a", "pass"), stored("2", "a", "fail"), stored("3", "a", "skipped"), stored("4", "a", "skipped")].map(
      toResultRow,
    );
    const [stat] = variantStats([variants[0]!], rows);
    expect(stat).toMatchObject({ items: 2, unmeasured: 2, runs: 4, errors: 0, meanScore: 0.5, passRate: 0.5 });
    // the interval is over the 2 measured items, not 4 (Wilson at 1/2 of n = 2)
    expect(stat!.passRateInterval[0]).toBeCloseTo(0.0945, 3);
    expect(stat!.passRateInterval[1]).toBeCloseTo(0.9055, 3);
  });

  it("are left out even when a summary from before stored them as passed", () => {
    const old = { ...stored("2", "a", "skipped"), passed: true };
    const [stat] = variantStats([variants[0]!], [toResultRow(stored("1", "a", "fail")), toResultRow(old)]);
    expect(stat).toMatchObject({ items: 1, unmeasured: 1, passRate: 0, meanScore: 0 });
  });

  it("an errored item is still measured: it scores 0 and fails", () => {
    const [stat] = variantStats([variants[0]!], [stored("1", "a", "pass"), stored("2", "a", "error")].map(toResultRow));
    expect(stat).toMatchObject({ items: 2, unmeasured: 0, errors: 1, meanScore: 0.5, passRate: 0.5 });
  });

  it("with repeats, only the measured repeats make the item's score and pass fraction", () => {
    const rows = [stored("1", "a", "pass", 0), stored("1", "a", "skipped", 1), stored("1", "a", "fail", 2)].map(toResultRow);
    expect(itemScores(rows).get("a")!.get("1")).toEqual({ score: 0.5, passFraction: 0.5, runs: 2 });
    expect(variantStats([variants[0]!], rows)[0]).toMatchObject({ items: 1, unmeasured: 0, runs: 3 });
  });

  it("are no disagreement: one variant passed, the other was not measured", () => {
    const rows = [stored("1", "a", "pass"), stored("1", "b", "skipped"), stored("2", "a", "pass"), stored("2", "b", "fail")].map(
      toResultRow,
    );
    expect([...disagreements(rows)]).toEqual(["2"]);
  });

  it("a variant with nothing measured gets no statistics, no place on the frontier, and no recommendation", () => {
    const rows: ResultRow[] = [
      ...["1", "2", "3"].map((id) => stored(id, "a", "pass")),
      ...["1", "2", "3"].map((id) => ({ ...stored(id, "b", "skipped"), costUsd: 0.0001 })),
    ].map(toResultRow);
    const summary = summarize(variants, rows);
    expect(summary.stats[1]).toMatchObject({ items: 0, unmeasured: 3, passRate: 0, scoreInterval: [0, 0] });
    expect(summary.frontier).toEqual(["a"]);
    const recommendation = recommend(summary.stats, itemScores(rows), 0.05);
    expect(recommendation).toMatchObject({ kind: "unmeasured", variantKey: null });
    expect(recommendation!.text).toMatch(/^Nothing was measured for B: every evaluator skipped its items/);
  });

  it("a summary stored before they were kept apart is computed again", () => {
    const summary = summarize(variants, [stored("1", "a", "pass")].map(toResultRow));
    expect(hasIntervals(summary)).toBe(true);
    const { unmeasured: _, ...before } = summary.stats[0]!;
    expect(hasIntervals({ ...summary, stats: [before as never] })).toBe(false);
  });
});
