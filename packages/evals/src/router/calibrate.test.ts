import { describe, expect, it } from "vitest";
import { decideRoute, loadRouter } from "./artifact";
import { applyPlatt, calibrationError, fitPlatt } from "./calibrate";
import { defaultFeatureSpec, extractFeatures, readWindow } from "./features";
import { learnRouter, type TrainingItem } from "./learn";
import { seededRandom } from "../random";

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));
function gaussian(random: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

/** True chances σ(z), and a model that says σ(2.5·z + 1): overconfident and too optimistic. */
function miscalibrated(count: number, seed: number) {
  const random = seededRandom(seed);
  return Array.from({ length: count }, () => {
    const z = 1.5 * gaussian(random);
    return { chance: sigmoid(2.5 * z + 1), label: random() < sigmoid(z) ? 1 : 0 };
  });
}

describe("Platt scaling", () => {
  it("recovers a known miscalibration and is calibrated on items it was not fitted on", () => {
    const fit = miscalibrated(4_000, 1);
    const scaling = fitPlatt(
      fit.map((row) => row.chance),
      fit.map((row) => row.label),
    );
    // the model's logit is 2.5·z + 1, so the truth is σ(0.4·logit − 0.4)
    expect(Math.abs(scaling.a - 0.4)).toBeLessThan(0.05);
    expect(Math.abs(scaling.b + 0.4)).toBeLessThan(0.15);
    const heldOut = miscalibrated(4_000, 2);
    const labels = heldOut.map((row) => row.label);
    const raw = heldOut.map((row) => row.chance);
    expect(calibrationError(raw, labels)).toBeGreaterThan(0.08);
    expect(
      calibrationError(
        raw.map((p) => applyPlatt(scaling, p)),
        labels,
      ),
    ).toBeLessThan(0.03);
  });

  it("never reverses a ranking and never claims certainty from a one-sided set", () => {
    const rows = miscalibrated(500, 3);
    const reversed = fitPlatt(
      rows.map((row) => 1 - row.chance),
      rows.map((row) => row.label),
    );
    expect(reversed.a).toBeGreaterThan(0);
    const allPass = fitPlatt([0.2, 0.5, 0.9, 0.7], [1, 1, 1, 1]);
    expect(applyPlatt(allPass, 0.9)).toBeLessThan(0.9);
    expect(applyPlatt(allPass, 0.9)).toBeGreaterThan(0.5);
    expect(applyPlatt(undefined, 0.37)).toBe(0.37);
  });
});

/** Requests whose cheap-route chance rises with a visible easiness word, plus noise the text does not show. */
function graded(count: number, seed: number): TrainingItem[] {
  const random = seededRandom(seed);
  const levels = ["trivial", "easy", "plain", "tricky", "hard", "brutal"];
  return Array.from({ length: count }, (_, i) => {
    const level = Math.floor(random() * levels.length);
    const chance = sigmoid(3 - 1.2 * level + 0.5 * gaussian(random));
    return {
      text: `a ${levels[level]} question number ${i}`,
      outcomes: [
        { passed: random() < 0.97 ? 1 : 0, costUsd: 0.01 },
        { passed: random() < chance ? 1 : 0, costUsd: 0.001 },
      ],
    };
  });
}

describe("calibrated learned router", () => {
  const routes = [
    { key: "strong", label: "big" },
    { key: "cheap", label: "small" },
  ];

  it("serves chances that match new traffic's pass rates, and reports its calibration", () => {
    const { artifact, report } = learnRouter(routes, graded(600, 4));
    expect(report.calibration!.map((entry) => entry.route)).toEqual(["cheap", "strong"]);
    // with 600 items a decile holds 60, so the out-of-fold error itself is mostly noise: only bounded here
    for (const entry of report.calibration!) expect(entry.errorAfter).toBeLessThan(0.06);
    expect(artifact.routes[0]!.calibration!.a).toBeGreaterThan(0);
    const router = loadRouter(artifact);
    const heldOut = graded(3_000, 5);
    const chances = heldOut.map((item) => decideRoute(router, item.text).chances.cheap!);
    expect(
      calibrationError(
        chances,
        heldOut.map((item) => item.outcomes[1]!.passed),
      ),
    ).toBeLessThan(0.04);
  });

  it("loads a router trained before calibration and serves its raw chances", () => {
    const { artifact } = learnRouter(routes, graded(200, 6));
    const before = { ...artifact, routes: artifact.routes.map(({ calibration: _calibration, ...route }) => route) };
    const raw = decideRoute(loadRouter(before), "a tricky question number 7").chances.cheap!;
    const [cheap] = artifact.routes;
    expect(decideRoute(loadRouter(artifact), "a tricky question number 7").chances.cheap).toBeCloseTo(
      applyPlatt(cheap!.calibration, raw),
      9,
    );
  });
});

describe("reading window", () => {
  it("reads the start and the end of a long request, and routers from before read the start only", () => {
    const text = `${"context ".repeat(2_000)}So: is the warranty transferable?`;
    const window = readWindow(defaultFeatureSpec, text);
    expect(window.length).toBeLessThanOrEqual(defaultFeatureSpec.maxChars + 3);
    expect(window.endsWith("is the warranty transferable?")).toBe(true);
    const older = { ...defaultFeatureSpec, tailChars: undefined };
    expect(readWindow(older, text)).toBe(text.slice(0, defaultFeatureSpec.maxChars));
    const withQuestion = extractFeatures(defaultFeatureSpec, text);
    const withoutQuestion = extractFeatures(defaultFeatureSpec, `${"context ".repeat(2_000)}`);
    expect(withQuestion.idx.length).toBeGreaterThan(withoutQuestion.idx.length);
    expect(extractFeatures(older, text).idx.length).toBe(extractFeatures(older, `${"context ".repeat(2_000)}`).idx.length);
  });
});

describe("training work on long requests", () => {
  it("caps a fit's passes by the feature updates they would make, never below two", () => {
    const routes = [
      { key: "strong", label: "big" },
      { key: "cheap", label: "small" },
    ];
    // about 2,000 characters of distinct words: thousands of distinct n-grams per request
    const context = (i: number) => Array.from({ length: 400 }, (_, k) => `w${((k * 7_919 + i * 31) % 100_003).toString(36)}`).join(" ");
    const long = graded(60, 7).map((item, i) => ({ ...item, text: `${context(i)} ${item.text}` }));
    expect(learnRouter(routes, long, { fitBudget: 5e5 }).artifact.training.epochs).toBe(2);
    expect(learnRouter(routes, graded(60, 7), { fitBudget: 5e5 }).artifact.training.epochs).toBe(50);
  });
});
