import { describe, expect, it } from "vitest";
import { decideRoute, loadRouter } from "./artifact";
import { defaultFeatureSpec, extractFeatures } from "./features";
import { L2_CANDIDATES, learnRouter, type TrainingItem } from "./learn";
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
    // not only the estimate: its one-sided 95 % lower confidence bound (paired with the strong route) reaches 95 %
    expect(report.margin).toBe(1.645);
    const chosen = report.choice.chosen;
    expect(chosen.qualityVsBest! - report.margin * chosen.qualityStdError!).toBeGreaterThanOrEqual(0.95);
    expect(chosen.qualityStdError!).toBeGreaterThan(0);
    expect(report.choice.costSaved).toBeGreaterThan(0.4);
    expect(report.choice.beatsSingleModels).toBe(true);
    expect(report.curve).toHaveLength(102);
    expect(report.curve[0]!.share).toEqual({ cheap: 1, strong: 0 });
    expect(report.curve.at(-1)!.share).toEqual({ cheap: 0, strong: 1 });

    // held-out paraphrases. The training requests all end in " #<n>"; the held-out ones come in that form
    // and without it (a shift in length, digits and symbols). What must carry over is the ranking: every
    // hard request is less likely to pass on the cheap route than every small-talk request, in both
    // forms. Where a hard paraphrase lands against the threshold is not asserted for the shifted form:
    // at a 95 % target the threshold sits just above the hard requests the model saw (it sends the ones it
    // is least sure about to the cheap model on purpose), and a shift moves a hard paraphrase's chance by
    // more than that gap for any of these learners: the previous one (λ 1e-4, refitted, raw dense
    // signals) sent "integrate x^3 * cos(x) dx" to the strong route with 0.18 against 0.19, but every one
    // of the four hard paraphrases below ending in " #130" to the cheap route (0.44–0.73). See docs/routing.md.
    const router = loadRouter(JSON.parse(JSON.stringify(artifact)));
    const hardTexts = [
      "integrate x^3 * cos(x) dx",
      "prove that sqrt(3) is irrational",
      "factor 437 into primes",
      "solve 5x - 2 = 3x + 8 for x",
    ];
    const easyTexts = [
      "good morning, where is my order?",
      "hello there, thanks a lot",
      "what are your opening hours on sunday",
      "good morning there",
    ];
    for (const suffix of ["", " #412", " #58", " #130"]) {
      const hard = hardTexts.map((text) => decideRoute(router, text + suffix));
      const easy = easyTexts.map((text) => decideRoute(router, text + suffix));
      expect(Math.max(...hard.map((d) => d.chances.cheap!))).toBeLessThan(Math.min(...easy.map((d) => d.chances.cheap!)));
      for (const decision of easy) {
        expect(decision.route).toBe("cheap");
        expect(decision.reason).toMatch(/^cheap is predicted to pass with \d+% ≥ the \d+% threshold and is the cheapest route$/);
      }
    }
    // in the training traffic's own form, most hard paraphrases go to the strong route, saying why
    const inForm = hardTexts.flatMap((text) => [" #412", " #58", " #130"].map((suffix) => decideRoute(router, text + suffix)));
    const toStrong = inForm.filter((decision) => decision.route === "strong");
    expect(toStrong.length).toBeGreaterThan(inForm.length / 2);
    for (const decision of toStrong) {
      expect(decision.chances.cheap!).toBeLessThan(artifact.threshold);
      expect(decision.reason).toContain("cheaper routes fell short (cheap ");
    }
  });

  it("chooses each route's L2 strength by out-of-fold log-loss and stores the dense signals' scale", () => {
    const { artifact, report } = learnRouter(routes, dataset(200, 2));
    expect(report.regularisation.map((entry) => entry.route)).toEqual(["cheap", "strong"]);
    for (const entry of report.regularisation) {
      expect(Object.keys(entry.logLoss)).toEqual(L2_CANDIDATES.map(String));
      const best = Math.min(...Object.values(entry.logLoss));
      expect(entry.logLoss[String(entry.l2)]).toBe(best);
    }
    expect(artifact.routes.map((route) => route.l2)).toEqual(report.regularisation.map((entry) => entry.l2));
    expect(artifact.features.denseScale!.mean).toHaveLength(6);
    expect(artifact.features.denseScale!.std.every((std) => std > 0)).toBe(true);
    // a pinned L2 is the only candidate
    expect(learnRouter(routes, dataset(60, 2), { logistic: { l2: 1e-3 } }).report.regularisation.map((entry) => entry.l2)).toEqual([
      1e-3, 1e-3,
    ]);
  });

  it("learns from the workspace's embedding of each request alongside the text features", () => {
    // the embedding alone tells the hard requests apart here: their texts are the easy ones'
    const random = seededRandom(9);
    const items: TrainingItem[] = Array.from({ length: 200 }, (_, i) => {
      const hard = random() < 0.4;
      return {
        text: `request ${i}`,
        embedding: hard ? [0.9, 0.1, 0] : [0.1, 0.9, 0],
        outcomes: [
          { passed: 1, costUsd: 0.01 },
          { passed: hard ? 0 : 1, costUsd: 0.001 },
        ],
      };
    });
    const { artifact, report } = learnRouter(routes, items, { features: { embeddingDims: 3, embeddingModel: "fixture-embed" } });
    expect(artifact.features).toMatchObject({ embeddingDims: 3, embeddingModel: "fixture-embed" });
    expect(report.choice.costSaved).toBeGreaterThan(0.4);
    const router = loadRouter(artifact);
    expect(decideRoute(router, "request 999", undefined, [0.1, 0.9, 0]).route).toBe("cheap");
    expect(decideRoute(router, "request 999", undefined, [0.9, 0.1, 0]).route).toBe("strong");
    expect(() => decideRoute(router, "request 999")).toThrow("trained with 3-dimension embeddings; got none");
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
