import { describe, expect, it } from "vitest";
import { binomialTwoSided, comparePaired, itemsToDetect, type ItemScores } from "./paired";
import { seededRandom } from "./random";

const items = (scores: number[]): ItemScores => new Map(scores.map((score, index) => [`i${index}`, { score, passFraction: score }]));

describe("paired comparison", () => {
  it("names the better variant, the difference and its interval when the interval excludes 0", () => {
    const random = seededRandom(7);
    const small = Array.from({ length: 200 }, () => (random() < 0.7 ? 1 : 0));
    // large is right wherever small is, and on about a fifth of the rest as well
    const large = small.map((score) => (score === 1 || random() < 0.2 ? 1 : 0));
    const result = comparePaired({ label: "small", items: items(small) }, { label: "large", items: items(large) });
    expect(result.significant).toBe(true);
    expect(result.meanDifference).toBeLessThan(0);
    expect(result.sentence).toMatch(/^large scores higher than small by \d+(\.\d)? points \(95 % CI \d+(\.\d)?–\d+(\.\d)?\)\.$/);
    expect(result.signTest.bHigher).toBeGreaterThan(0);
    expect(result.signTest.aHigher).toBe(0);
    expect(result.mcnemar.pValue).toBeLessThan(0.001);
  });

  it("says how many more items would detect 5 points when the data cannot tell", () => {
    const random = seededRandom(3);
    const a = Array.from({ length: 20 }, () => (random() < 0.6 ? 1 : 0));
    const b = Array.from({ length: 20 }, () => (random() < 0.6 ? 1 : 0));
    const result = comparePaired({ label: "a", items: items(a) }, { label: "b", items: items(b) });
    expect(result.significant).toBe(false);
    expect(result.moreItemsNeeded).toBe(itemsToDetect(0.05, result.differenceSd) - 20);
    expect(result.sentence).toBe(`No difference detected; about ${result.moreItemsNeeded} more items would be needed to detect 5 points.`);
  });

  it("pairs by item: only items both variants have count", () => {
    const a = new Map([
      ["x", { score: 1, passFraction: 1 }],
      ["y", { score: 1, passFraction: 1 }],
      ["only-a", { score: 0, passFraction: 0 }],
    ]);
    const b = new Map([
      ["x", { score: 1, passFraction: 1 }],
      ["y", { score: 1, passFraction: 1 }],
    ]);
    const result = comparePaired({ label: "a", items: a }, { label: "b", items: b });
    expect(result.items).toBe(2);
    expect(result.sentence).toBe("No difference detected: a and b score the same on every one of the 2 items.");
  });

  it("exact binomial tails match hand-computed values", () => {
    expect(binomialTwoSided(0, 5)).toBeCloseTo(2 / 32);
    expect(binomialTwoSided(1, 10)).toBeCloseTo((2 * 11) / 1024);
    expect(binomialTwoSided(5, 10)).toBe(1);
    expect(binomialTwoSided(0, 0)).toBe(1);
    // large n stays finite (log-space), and symmetric
    expect(binomialTwoSided(450, 1000)).toBeCloseTo(binomialTwoSided(550, 1000), 12);
    expect(binomialTwoSided(450, 1000)).toBeGreaterThan(0.001);
  });

  it("the power calculation follows the textbook formula", () => {
    // (1.96 + 0.8416)² × (0.2 / 0.05)² = 125.6 → 126
    expect(itemsToDetect(0.05, 0.2)).toBe(126);
  });
});
