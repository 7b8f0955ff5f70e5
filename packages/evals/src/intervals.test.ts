import { describe, expect, it } from "vitest";
import { bootstrapInterval, mean, normalQuantile, wilsonInterval, type Interval } from "./intervals";
import { comparePaired } from "./paired";
import { seededRandom, type Random } from "./random";

// Coverage: over many datasets drawn from a known distribution, a 95 % interval must contain the true
// value about 95 % of the time. 1,000 datasets give a Monte Carlo error of ±0.7 points, so 93–97 %
// is wide enough for chance and narrow enough to catch an interval that is too short or too long.
const DATASETS = 1_000;
const covers = ([low, high]: Interval, truth: number) => low <= truth && truth <= high;

function coverage(draw: (random: Random) => Interval, truth: number, seed: number): number {
  const random = seededRandom(seed);
  let hits = 0;
  for (let dataset = 0; dataset < DATASETS; dataset++) if (covers(draw(random), truth)) hits++;
  return hits / DATASETS;
}

/** Beta(a, b) for whole a, b: the a-th smallest of a + b − 1 uniforms. */
const beta = (random: Random, a: number, b: number) => Array.from({ length: a + b - 1 }, random).sort((x, y) => x - y)[a - 1]!;
const bernoulli = (random: Random, p: number): number => (random() < p ? 1 : 0);
const normal = (random: Random) => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());

describe("95 % intervals cover the true value 93–97 % of the time", () => {
  it("Wilson interval of a pass rate (Bernoulli, 40 items, p = 0.3)", () => {
    const rate = coverage(
      (random) => {
        const passes = Array.from({ length: 40 }, () => bernoulli(random, 0.3)).reduce((sum, pass) => sum + pass, 0);
        return wilsonInterval(passes / 40, 40);
      },
      0.3,
      1,
    );
    expect(rate).toBeGreaterThanOrEqual(0.93);
    expect(rate).toBeLessThanOrEqual(0.97);
  });

  it("bootstrap interval of a mean score (continuous Beta(2, 5) scores, 30 items)", () => {
    const rate = coverage((random) => bootstrapInterval(Array.from({ length: 30 }, () => beta(random, 2, 5))), 2 / 7, 2);
    expect(rate).toBeGreaterThanOrEqual(0.93);
    expect(rate).toBeLessThanOrEqual(0.97);
  });

  it("bootstrap interval of a pass/fail score (Bernoulli, 40 items, p = 0.7)", () => {
    const rate = coverage((random) => bootstrapInterval(Array.from({ length: 40 }, () => bernoulli(random, 0.7))), 0.7, 3);
    expect(rate).toBeGreaterThanOrEqual(0.93);
    expect(rate).toBeLessThanOrEqual(0.97);
  });

  it("bootstrap over items with repeats nested inside (item difficulty Beta(2, 2), 3 Bernoulli repeats, 30 items)", () => {
    const rate = coverage(
      (random) =>
        bootstrapInterval(
          Array.from({ length: 30 }, () => {
            const p = beta(random, 2, 2);
            return (bernoulli(random, p) + bernoulli(random, p) + bernoulli(random, p)) / 3;
          }),
        ),
      0.5,
      4,
    );
    expect(rate).toBeGreaterThanOrEqual(0.93);
    expect(rate).toBeLessThanOrEqual(0.97);
  });

  it("paired bootstrap interval of a difference (shared item difficulty, true difference 6 points, 40 items)", () => {
    const rate = coverage(
      (random) => {
        const a = new Map<string, { score: number; passFraction: number }>();
        const b = new Map<string, { score: number; passFraction: number }>();
        for (let item = 0; item < 40; item++) {
          const difficulty = 0.6 + 0.15 * normal(random);
          a.set(String(item), { score: difficulty + 0.06 + 0.1 * normal(random), passFraction: 1 });
          b.set(String(item), { score: difficulty + 0.1 * normal(random), passFraction: 1 });
        }
        return comparePaired({ label: "a", items: a }, { label: "b", items: b }).interval;
      },
      0.06,
      5,
    );
    expect(rate).toBeGreaterThanOrEqual(0.93);
    expect(rate).toBeLessThanOrEqual(0.97);
  });
});

describe("interval building blocks", () => {
  it("normal quantiles match the tables", () => {
    expect(normalQuantile(0.975)).toBeCloseTo(1.959964, 5);
    expect(normalQuantile(0.8)).toBeCloseTo(0.841621, 5);
    expect(normalQuantile(0.001)).toBeCloseTo(-3.090232, 5);
  });

  it("Wilson interval matches a worked example and stays inside 0–1", () => {
    const [low, high] = wilsonInterval(0.8, 10);
    expect(low).toBeCloseTo(0.4902, 3);
    expect(high).toBeCloseTo(0.9433, 3);
    expect(wilsonInterval(0, 5)[0]).toBe(0);
    expect(wilsonInterval(1, 5)[1]).toBe(1);
  });

  it("the bootstrap is reproducible: the same data give the same interval", () => {
    const values = [0.1, 0.5, 0.9, 0.4, 0.7, 0.3];
    expect(bootstrapInterval(values)).toEqual(bootstrapInterval([...values]));
    expect(bootstrapInterval([0.5])).toEqual([0.5, 0.5]);
    expect(bootstrapInterval([1, 1, 1])).toEqual([1, 1]);
    // identical values: the point their mean is, as every resample would give
    const same = Array.from({ length: 1_000 }, () => 0.1);
    expect(bootstrapInterval(same)).toEqual([mean(same), mean(same)]);
  });
});

describe("intervals stay within the range the quantity can take", () => {
  const within = ([low, high]: Interval, [lowest, highest]: Interval) => {
    expect(low).toBeGreaterThanOrEqual(lowest);
    expect(high).toBeLessThanOrEqual(highest);
    expect(low).toBeLessThanOrEqual(high);
  };

  it("a mean score's interval on all-0, all-1 and tiny samples stays in 0–100 %", () => {
    expect(bootstrapInterval([0, 0, 0, 0])).toEqual([0, 0]);
    expect(bootstrapInterval([1, 1, 1, 1])).toEqual([1, 1]);
    // two items, 0 and 1: the stretched percentile interval used to be about −21 %…121 %
    expect(bootstrapInterval([0, 1])).toEqual([0, 1]);
    for (const sample of [
      [0, 0, 1],
      [1, 1, 0],
      [0, 1, 1, 1],
      [0.9, 1, 1],
      [0, 0.05, 0, 0.1],
      [1, 0.98],
    ])
      within(bootstrapInterval(sample), [0, 1]);
  });

  it("holds over many random tiny samples of pass/fail and near-bound scores", () => {
    const random = seededRandom(7);
    for (let dataset = 0; dataset < 300; dataset++) {
      const n = 2 + Math.floor(random() * 5);
      const nearBound = dataset % 2 === 0;
      const sample = Array.from({ length: n }, () =>
        nearBound ? (random() < 0.5 ? random() * 0.05 : 1 - random() * 0.05) : bernoulli(random, 0.8),
      );
      within(bootstrapInterval(sample), [0, 1]);
    }
  });

  it("a paired difference's interval stays in −100…+100 points", () => {
    const items = (scores: number[]) => new Map(scores.map((score, index) => [String(index), { score, passFraction: score }]));
    const differenceOf = (a: number[], b: number[]) =>
      comparePaired({ label: "a", items: items(a) }, { label: "b", items: items(b) }).interval;
    expect(differenceOf([1, 1, 1], [0, 0, 0])).toEqual([1, 1]);
    expect(differenceOf([0, 0, 0], [1, 1, 1])).toEqual([-1, -1]);
    // differences +1 and −1: stretched, the ends used to fall outside ±1
    expect(differenceOf([1, 0], [0, 1])).toEqual([-1, 1]);
    within(differenceOf([1, 1, 0], [0, 0, 0]), [-1, 1]);
    within(differenceOf([0, 0, 1], [1, 1, 0]), [-1, 1]);
  });
});
