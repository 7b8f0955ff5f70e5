import { describe, expect, it } from "vitest";
import { centreThreshold, chooseThreshold, policyPoint, type CurvePoint, type SingleModelPoint } from "./curve";
import { candidateThresholds } from "./learn";

const pass = (passed: number, costUsd: number) => ({ passed, costUsd });

describe("the threshold curve's quality bound", () => {
  it("measures quality against the strongest route on the same items, with a paired standard error", () => {
    // cheap route first; the strongest passes all four, the cheap route misses the third
    const outcomes = [
      [pass(1, 1), pass(1, 10)],
      [pass(1, 1), pass(1, 10)],
      [pass(0, 1), pass(1, 10)],
      [pass(1, 1), pass(1, 10)],
    ];
    const chances = outcomes.map(() => Float64Array.from([0.9, 1]));
    const allCheap = policyPoint(["cheap", "strong"], chances, outcomes, 0.5, 1);
    expect(allCheap.qualityVsBest).toBe(0.75);
    // residuals r − 0.75·s are 0.25, 0.25, −0.75, 0.25: variance 0.1875, ÷ 4 items, ÷ mean(s) = 1
    expect(allCheap.qualityStdError).toBeCloseTo(Math.sqrt(0.1875 / 4), 12);
    const allStrong = policyPoint(["cheap", "strong"], chances, outcomes, 1.01, 1);
    expect(allStrong).toMatchObject({ qualityVsBest: 1, qualityStdError: 0 });
  });

  it("shared luck cancels: a route that fails exactly where the strongest fails has no error", () => {
    const outcomes = [0, 1, 1, 1, 0, 1].map((s) => [pass(s, 1), pass(s, 10)]);
    const point = policyPoint(["cheap", "strong"], [...outcomes.map(() => Float64Array.from([0.9, 1]))], outcomes, 0.5, 1);
    expect(point).toMatchObject({ qualityVsBest: 1, qualityStdError: 0 });
  });

  it("chooses the cheapest point whose lower confidence bound, not its estimate, reaches the target", () => {
    const singles: SingleModelPoint[] = [
      { key: "cheap", label: "cheap", accuracy: 0.7, costPerItemUsd: 1 },
      { key: "strong", label: "strong", accuracy: 0.9, costPerItemUsd: 10 },
    ];
    const point = (threshold: number, cost: number, quality: number, error: number): CurvePoint => ({
      threshold,
      accuracy: quality * 0.9,
      costPerItemUsd: cost,
      share: {},
      qualityVsBest: quality,
      qualityStdError: error,
    });
    const curve = [point(0.5, 3, 0.96, 0.01), point(0.7, 5, 0.98, 0.01), point(1.01, 10, 1, 0)];
    expect(chooseThreshold(curve, singles, 1, 0.95).chosen.threshold).toBe(0.5); // estimate 0.96 ≥ 0.95
    expect(chooseThreshold(curve, singles, 1, 0.95, { margin: 1.645 }).chosen.threshold).toBe(0.7); // 0.96 − 0.016 < 0.95
    expect(chooseThreshold(curve, singles, 1, 0.95, { margin: 4 }).chosen.threshold).toBe(1.01); // only the strongest itself
  });

  it("tries the out-of-fold chances' quantiles as thresholds besides the grid of hundredths", () => {
    const chances = Array.from({ length: 800 }, (_, i) => Float64Array.from([0.97 + (i / 800) * 0.02, 0.99]));
    const thresholds = candidateThresholds(chances);
    expect(thresholds).toEqual([...thresholds].sort((a, b) => a - b));
    expect(thresholds[0]).toBe(0);
    expect(thresholds.at(-1)).toBe(1.01);
    // between 0.97 and 0.98 the grid has no step, the quantiles have many
    expect(thresholds.filter((t) => t > 0.97 && t < 0.98).length).toBeGreaterThan(50);
  });

  it("moves a threshold to the middle of its gap on the logit scale, routing every measured item alike", () => {
    // a small eval: hard questions scored 0.04–0.05 for the cheap route, easy ones 0.95 (the strongest: 0.98)
    const scores = [0.04, 0.05, 0.95, 0.95].map((cheap) => Float64Array.from([cheap, 0.98]));
    const centred = centreThreshold(scores, 0.05 + 1e-6, 1);
    expect(centred).toBeCloseTo(0.5, 6); // logit(0.05) and logit(0.95) are ±2.944
    const outcomes = [0, 0, 1, 1].map((cheap) => [pass(cheap, 1), pass(1, 20)]);
    const at = (threshold: number) => policyPoint(["cheap", "strong"], scores, outcomes, threshold, 1);
    expect({ ...at(centred), threshold: 0 }).toEqual({ ...at(0.05 + 1e-6), threshold: 0 });
    // all to the strongest (above every score) and all to the cheapest (0) stay; so does a gap narrower than 1e-6
    expect(centreThreshold(scores, 1.01, 1)).toBe(1.01);
    expect(centreThreshold(scores, 0, 1)).toBe(0);
    const dense = [0.5, 0.5000004].map((cheap) => Float64Array.from([cheap, 0.98]));
    expect(centreThreshold(dense, 0.5000004, 1)).toBe(0.5000004);
  });
});
