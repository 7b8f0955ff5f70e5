import { describe, expect, it } from "vitest";
import { decideRoute, loadRouter } from "./artifact";
import { defaultFeatureSpec, extractFeatures } from "./features";
import { learnRouter, type TrainingItem } from "./learn";
import { seededRandom } from "../random";

const routes = [
  { key: "strong", label: "big-model" },
  { key: "cheap", label: "small-model" },
];

/** Small talk the cheap model handles; maths it mostly fails; the strong model passes nearly everything. */
function dataset(count: number, seed: number): TrainingItem[] {
  const random = seededRandom(seed);
  const easy = ["hello there", "thanks a lot", "what are your opening hours", "where is my order", "good morning"];
  const hard = ["integrate x^2 * sin(x) dx", "prove that sqrt(2) is irrational", "solve 3x + 7 = 2x - 11 for x", "factor 391 into primes"];
  return Array.from({ length: count }, (_, i) => {
    const isHard = random() < 0.4;
    const pool = isHard ? hard : easy;
    const text = `${pool[Math.floor(random() * pool.length)]} #${i}`;
    const cheapPass = isHard ? random() < 0.1 : random() < 0.97;
    const strongPass = random() < 0.97;
    return {
      text,
      outcomes: [
        { passed: strongPass ? 1 : 0, costUsd: 0.01 },
        { passed: cheapPass ? 1 : 0, costUsd: 0.001 },
      ],
    };
  });
}

describe("learned router", () => {
  it("learns which requests the cheap model passes and saves cost at 95 % of the best model's quality", () => {
    const { artifact, report } = learnRouter(routes, dataset(300, 1));
    expect(artifact.routes.map((route) => route.key)).toEqual(["cheap", "strong"]); // cheapest first
    expect(report.strongest).toBe("strong");
    const strong = report.singles.find((single) => single.key === "strong")!;
    expect(report.choice.chosen.accuracy).toBeGreaterThanOrEqual(0.95 * strong.accuracy);
    expect(report.choice.costSaved).toBeGreaterThan(0.4);
    expect(report.choice.beatsSingleModels).toBe(true);
    expect(report.curve).toHaveLength(102);
    expect(report.curve[0]!.share).toEqual({ cheap: 1, strong: 0 });
    expect(report.curve.at(-1)!.share).toEqual({ cheap: 0, strong: 1 });

    // held-out requests: small talk goes to the cheap route, maths to the strong one, each with its reason
    const router = loadRouter(JSON.parse(JSON.stringify(artifact)));
    const easy = decideRoute(router, "good morning, where is my order?");
    expect(easy.route).toBe("cheap");
    expect(easy.reason).toMatch(/^cheap is predicted to pass with \d+% ≥ the \d+% threshold and is the cheapest route$/);
    const hard = decideRoute(router, "integrate x^3 * cos(x) dx");
    expect(hard.route).toBe("strong");
    expect(hard.chances.cheap!).toBeLessThan(artifact.threshold);
    expect(hard.reason).toContain("cheaper routes fell short (cheap ");
  });

  it("is reproducible: the same items and seed give the same artifact", () => {
    const items = dataset(120, 7);
    expect(JSON.stringify(learnRouter(routes, items).artifact)).toBe(JSON.stringify(learnRouter(routes, items).artifact));
    expect(JSON.stringify(learnRouter(routes, items, { logistic: { seed: 2 } }).artifact)).not.toBe(
      JSON.stringify(learnRouter(routes, items).artifact),
    );
  });

  it("says so when the router cannot beat the best single model", () => {
    const items = dataset(100, 3).map((item) => ({ ...item, outcomes: [item.outcomes[0]!, { passed: 0, costUsd: 0.001 }] }));
    const { report } = learnRouter(routes, items);
    expect(report.choice.beatsSingleModels).toBe(false);
    expect(report.choice.chosen.share.strong).toBe(1);
    expect(report.choice.costSaved).toBe(0);
  });

  it("reads averaged repeats as soft labels", () => {
    const items = dataset(60, 4).map((item) => ({
      ...item,
      outcomes: item.outcomes.map((o) => ({ ...o, passed: o.passed ? 2 / 3 : 1 / 3 })),
    }));
    const { report } = learnRouter(routes, items);
    expect(report.singles.every((single) => single.accuracy > 0.3 && single.accuracy < 0.7)).toBe(true);
  });

  it("refuses one route or fewer than 30 items", () => {
    expect(() => learnRouter(routes.slice(0, 1), dataset(50, 1))).toThrow("at least two routes");
    expect(() => learnRouter(routes, dataset(29, 1))).toThrow("at least 30 items scored on every route; there are 29");
  });

  it("rejects an artifact of another format and weights that do not fit the spec", () => {
    const { artifact } = learnRouter(routes, dataset(40, 5));
    expect(() => loadRouter({ ...artifact, version: 2 })).toThrow();
    expect(() => loadRouter({ ...artifact, features: { ...artifact.features, hashBits: 10 } })).toThrow("do not fit its feature spec");
  });
});

describe("router features", () => {
  it("hashes word and character n-grams with normalised groups and dense signals", () => {
    const a = extractFeatures(defaultFeatureSpec, "What is 12 + 30?");
    expect(extractFeatures(defaultFeatureSpec, "What is 12 + 30?")).toEqual(a);
    expect([...a.idx]).toEqual([...a.idx].sort((x, y) => x - y));
    expect(a.val.every((value) => Number.isFinite(value))).toBe(true);
    const b = extractFeatures(defaultFeatureSpec, "Tell me a joke");
    expect(new Set(a.idx).size).toBe(a.idx.length);
    expect([...a.idx].filter((slot) => b.idx.includes(slot)).length).toBeLessThan(a.idx.length / 2);
    // only the first maxChars characters are read
    const long = extractFeatures({ ...defaultFeatureSpec, maxChars: 50 }, "word ".repeat(10_000));
    expect(long.idx.length).toBeLessThan(40);
  });

  it("appends the embedding when the spec has one, and refuses a mismatched one", () => {
    const spec = { ...defaultFeatureSpec, embeddingDims: 3 };
    const x = extractFeatures(spec, "hi", [0.1, 0.2, 0.3]);
    expect([...x.val.slice(-3)].map((v) => Number(v.toFixed(3)))).toEqual([0.1, 0.2, 0.3]);
    expect(() => extractFeatures(spec, "hi", [1])).toThrow("trained with 3-dimension embeddings; got 1");
  });
});
