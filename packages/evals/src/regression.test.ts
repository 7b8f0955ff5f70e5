import { describe, expect, it } from "vitest";
import { compareWithBaseline, signTestPValue } from "./regression";

describe("the baseline rule of the CI gate", () => {
  it("computes the exact two-sided sign test", () => {
    expect(signTestPValue(0, 0)).toBe(1);
    expect(signTestPValue(0, 5)).toBeCloseTo(0.0625, 10); // 2 × 1/32: five of five is not yet significant
    expect(signTestPValue(0, 6)).toBeCloseTo(0.03125, 10);
    expect(signTestPValue(2, 8)).toBeCloseTo(0.109375, 10);
    expect(signTestPValue(400, 600)).toBeLessThan(1e-9);
  });

  it("calls a variant worse only when clearly more shared items got worse than better", () => {
    const inputs = Array.from({ length: 10 }, (_, index) => `q${index}`);
    const baseline = inputs.map((input) => ({ input, score: 1 }));
    const regressed = compareWithBaseline(
      baseline,
      inputs.map((input, index) => ({ input, score: index < 8 ? 0 : 1 })),
    );
    expect(regressed).toMatchObject({ shared: 10, better: 0, worse: 8, meanDelta: -0.8, significantlyWorse: true });
    const noisy = compareWithBaseline(
      baseline.map((item, index) => ({ ...item, score: index % 2 ? 0.5 : 1 })),
      inputs.map((input, index) => ({ input, score: index % 3 ? 1 : 0.5 })),
    );
    expect(noisy.significantlyWorse).toBe(false);
    // items only one side has are left out; a failed pair counts as 0
    expect(
      compareWithBaseline(
        [{ input: "a", score: 1 }],
        [
          { input: "a", score: null },
          { input: "b", score: 0 },
        ],
      ),
    ).toMatchObject({
      shared: 1,
      worse: 1,
      significantlyWorse: false,
    });
  });
});
