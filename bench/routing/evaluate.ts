// One train/test draw of a routing task, measured: the router learns on the training draw (threshold and
// everything else chosen there by cross-validation), and every figure is then taken on a test draw whose
// texts never occur in training. Shared by bench:routing (its seeds) and the dev sweep (other seeds).
import { calibrationError, decideRoute, learnRouter, loadRouter, type LearnOptions, type TrainingItem } from "@switchyard/evals";
import { simulateCascade, hybridExpectedQuality, hybridPoint } from "./hybrid";
import type { TaskItem } from "./task";

export const TARGET = 0.95;
export const routes = [
  { key: "strong", label: "strong model" },
  { key: "cheap", label: "cheap model" },
];
export const toTraining = (item: TaskItem): TrainingItem => ({ text: item.text, outcomes: [item.outcome.strong, item.outcome.cheap] });
export const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / (values.length || 1);

/** The training draw and a test draw with every text that occurs in training dropped. */
export function draws(make: (count: number, seed: number) => TaskItem[], trainSeed: number, testSeed: number, size = 2_000) {
  const train = make(size, trainSeed);
  const trainTexts = new Set(train.map((item) => item.text));
  const drawn = make(size * 4, testSeed);
  const test = drawn.filter((item) => !trainTexts.has(item.text)).slice(0, size);
  return { train, test, droppedFromTest: drawn.indexOf(test.at(-1)!) + 1 - test.length };
}

/**
 * Best cost saved at ≥ 95 % of the strong model's test accuracy when the items with the highest score go
 * to the cheap model, over every share of traffic: how well a score ranks requests, threshold aside.
 */
export function bestSaving(test: TaskItem[], score: ArrayLike<number>) {
  const strongAccuracy = mean(test.map((item) => item.outcome.strong.passed));
  const strongCost = mean(test.map((item) => item.outcome.strong.costUsd));
  const order = test.map((_, i) => i).sort((a, b) => score[b]! - score[a]!);
  let passed = strongAccuracy * test.length;
  let cost = strongCost * test.length;
  let best = 0;
  for (const i of order) {
    passed += test[i]!.outcome.cheap.passed - test[i]!.outcome.strong.passed;
    cost += test[i]!.outcome.cheap.costUsd - test[i]!.outcome.strong.costUsd;
    if (passed >= TARGET * strongAccuracy * test.length - 1e-9) best = Math.max(best, 1 - cost / (strongCost * test.length));
  }
  return best;
}

export interface SeedResult {
  trainSeed: number;
  testSeed: number;
  droppedFromTest: number;
  trainMs: number;
  cv: { policy: string; threshold: number; quality: number; lowerBound: number; saved: number; shareCheap: number };
  /** The learned router on the test draw at the CV-chosen threshold. */
  test: { quality: number; expectedQuality: number; saved: number; shareCheap: number; meets: boolean };
  hybrid: { threshold: number; verifyBelow: number; quality: number; expectedQuality: number; saved: number; meets: boolean } | undefined;
  cascade: { quality: number; saved: number; escalated: number };
  singles: { cheap: { accuracy: number; cost: number }; strong: { accuracy: number; cost: number } };
  /**
   * Best saving in hindsight (every share of traffic) when items are ranked by: the learner's cheap chance,
   * the learner's predicted gap (cheap − strong chance), the text-visible difficulty, the true cheap chance
   * (the "chance" policy's ceiling) and the true gap (the "gap" policy's ceiling).
   */
  ceilings: { learnerHindsight: number; learnerGapHindsight: number; textVisible: number; trueChances: number; trueGap: number };
  latenciesMs: number[];
  /** Expected calibration error of the served cheap-route chances on the test draw (new traffic). */
  calibrationErrorTest: number;
}

export function evaluateSeed(
  make: (count: number, seed: number) => TaskItem[],
  trainSeed: number,
  testSeed: number,
  options: LearnOptions = {},
  { learnVerifyLine = true }: { learnVerifyLine?: boolean } = {},
): SeedResult {
  const { train, test, droppedFromTest } = draws(make, trainSeed, testSeed);
  const trainCascade = simulateCascade(train, trainSeed + 1);
  const testCascade = simulateCascade(test, testSeed + 1);
  const started = performance.now();
  const learned = learnRouter(routes, train.map(toTraining), {
    ...options,
    // the cascade's verdict on each training item's cheap answer, as an eval run with a verifier records it
    ...(learnVerifyLine && { verifier: trainCascade.map((row) => ({ accepted: row.escalated ? 0 : 1, costUsd: row.checkCostUsd })) }),
  });
  const trainMs = performance.now() - started;
  const { artifact, report } = learned;
  const router = loadRouter(artifact);

  const strongAccuracy = mean(test.map((item) => item.outcome.strong.passed));
  const strongCost = mean(test.map((item) => item.outcome.strong.costUsd));
  const strongExpected = mean(test.map((item) => item.chance.strong));
  const latenciesMs: number[] = [];
  for (const item of test.slice(0, 200)) decideRoute(router, item.text); // warm-up
  const decisions = test.map((item) => {
    const t = performance.now();
    // the plain learned router: the threshold chosen without a verify line
    const decision = decideRoute(router, item.text, report.choice.chosen.threshold);
    latenciesMs.push(performance.now() - t);
    return decision;
  });
  const cheapChance = decisions.map((d) => d.chances.cheap!);
  // what the policy's lines are drawn on: the chance, or 1 − the expected loss for a "gap" router
  const cheapScore = decisions.map((d) => (d.scores ?? d.chances).cheap!);
  const toCheap = decisions.map((d) => d.route === "cheap");
  const accuracy = mean(test.map((item, i) => (toCheap[i] ? item.outcome.cheap.passed : item.outcome.strong.passed)));
  const expected = mean(test.map((item, i) => (toCheap[i] ? item.chance.cheap : item.chance.strong)));
  const cost = mean(test.map((item, i) => (toCheap[i] ? item.outcome.cheap.costUsd : item.outcome.strong.costUsd)));
  const chosen = report.choice.chosen;

  // learned + cascade: both lines as the learner chose them from the training items' verifier verdicts;
  // when it found no checked band cheaper than the plain threshold, it is the plain router
  const lines =
    artifact.verifyBelow !== undefined
      ? { low: artifact.threshold, high: artifact.verifyBelow }
      : { low: report.choice.chosen.threshold, high: report.choice.chosen.threshold };
  const hybridTest = hybridPoint(test, testCascade, cheapScore, lines.low, lines.high, 0);
  const hybridExpected = hybridExpectedQuality(test, testCascade, cheapScore, lines.low, lines.high);
  const hybridSaved = 1 - hybridTest.costPerItemUsd / strongCost;
  return {
    trainSeed,
    testSeed,
    droppedFromTest,
    trainMs,
    cv: {
      policy: report.policy ?? "chance",
      threshold: chosen.threshold,
      quality: chosen.qualityVsBest!,
      lowerBound: report.choice.lowerBound!,
      saved: report.choice.costSaved,
      shareCheap: chosen.share.cheap!,
    },
    test: {
      quality: accuracy / strongAccuracy,
      expectedQuality: expected / strongExpected,
      saved: 1 - cost / strongCost,
      shareCheap: mean(toCheap.map((c) => (c ? 1 : 0))),
      meets: accuracy >= TARGET * strongAccuracy && 1 - cost / strongCost >= 0.5,
    },
    hybrid: {
      threshold: lines.low,
      verifyBelow: lines.high,
      quality: hybridTest.qualityVsStrong,
      expectedQuality: hybridExpected,
      saved: hybridSaved,
      meets: hybridTest.qualityVsStrong >= TARGET && hybridSaved >= 0.5,
    },
    cascade: {
      quality: mean(testCascade.map((row) => row.passed)) / strongAccuracy,
      saved: 1 - mean(testCascade.map((row) => row.costUsd)) / strongCost,
      escalated: mean(testCascade.map((row) => (row.escalated ? 1 : 0))),
    },
    singles: {
      cheap: { accuracy: mean(test.map((item) => item.outcome.cheap.passed)), cost: mean(test.map((item) => item.outcome.cheap.costUsd)) },
      strong: { accuracy: strongAccuracy, cost: strongCost },
    },
    ceilings: {
      learnerHindsight: bestSaving(test, cheapChance),
      learnerGapHindsight: bestSaving(
        test,
        decisions.map((d) => d.chances.cheap! - d.chances.strong!),
      ),
      textVisible: bestSaving(
        test,
        test.map((item) => item.visibleChance),
      ),
      trueChances: bestSaving(
        test,
        test.map((item) => item.chance.cheap),
      ),
      trueGap: bestSaving(
        test,
        test.map((item) => item.chance.cheap - item.chance.strong),
      ),
    },
    latenciesMs,
    calibrationErrorTest: calibrationError(
      cheapChance,
      test.map((item) => item.outcome.cheap.passed),
    ),
  };
}
