// bench:routing: does a learned router save cost at ≥ 95 % of the strong model's accuracy on requests
// it never saw? Two synthetic tasks whose difficulty the text reveals only partly (arithmetic: task.ts;
// product-support questions: task-support.ts). For each, the router trains on one set, chooses its
// threshold by cross-validation on that set alone (the paired lower confidence bound must reach 95 %),
// and everything is reported on a separate test set: each single model, the router at the chosen
// threshold, a self-consistency cascade, the learned + cascade hybrid (thresholds chosen on the training
// set too), and kNN as the alternative learner. Also the training time at 10,000 items and the added
// routing latency per request.
//   node --import tsx bench/routing/index.ts      (or: npm run bench:routing)
// Prints the figures and writes bench/results/routing.json.
import { decideRoute, defaultFeatureSpec, extractFeatures, learnRouter, loadRouter, type TrainingItem } from "@switchyard/evals";
import { percentile, round, writeResult } from "../support/stats";
import { chooseHybrid, hybridPoint, simulateCascade } from "./hybrid";
import { knnChance } from "./knn";
import { nodeRoutingLatency } from "./node-latency";
import { makeTask, type TaskItem } from "./task";
import { makeSupportTask } from "./task-support";

const TRAIN = 2_000;
const TEST = 2_000;
const TARGET = 0.95;
const routes = [
  { key: "strong", label: "strong model" },
  { key: "cheap", label: "cheap model" },
];
const toTraining = (item: TaskItem): TrainingItem => ({ text: item.text, outcomes: [item.outcome.strong, item.outcome.cheap] });
const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / (values.length || 1);

/**
 * Best cost saved at ≥ 95 % of the strong model's test accuracy when the items with the highest score go
 * to the cheap model, over every share of traffic: how well a score ranks requests, threshold aside.
 */
function bestSaving(test: TaskItem[], score: number[]) {
  const strongAccuracy = mean(test.map((item) => item.outcome.strong.passed));
  const strongCost = mean(test.map((item) => item.outcome.strong.costUsd));
  const order = score.map((_, i) => i).sort((a, b) => score[b]! - score[a]!);
  let passed = strongAccuracy * test.length;
  let cost = strongCost * test.length;
  let best = 0;
  for (const i of order) {
    passed += test[i]!.outcome.cheap.passed - test[i]!.outcome.strong.passed;
    cost += test[i]!.outcome.cheap.costUsd - test[i]!.outcome.strong.costUsd;
    if (passed >= TARGET * strongAccuracy * test.length) best = Math.max(best, 1 - cost / (strongCost * test.length));
  }
  return round(best, 3);
}

function measureTask(note: string, make: (count: number, seed: number) => TaskItem[], trainSeed: number, testSeed: number) {
  const train = make(TRAIN, trainSeed);
  const trainTexts = new Set(train.map((item) => item.text));
  // strictly held out: a test request whose exact text is in the training set (a short sum such as
  // "What is 3 + 5?", a popular product's FAQ) is dropped, so every figure is on text the learner never saw
  const drawn = make(TEST * 3, testSeed);
  const test = drawn.filter((item) => !trainTexts.has(item.text)).slice(0, TEST);
  const droppedFromTest = drawn.indexOf(test.at(-1)!) + 1 - TEST;

  const started = performance.now();
  const { artifact, report, outOfFold } = learnRouter(routes, train.map(toTraining));
  const trainMs = performance.now() - started;
  const router = loadRouter(artifact);

  const single = (model: "cheap" | "strong") => ({
    accuracy: mean(test.map((item) => item.outcome[model].passed)),
    costPerItemUsd: mean(test.map((item) => item.outcome[model].costUsd)),
  });
  const cheap = single("cheap");
  const strong = single("strong");
  const versusStrong = (accuracy: number, costPerItemUsd: number) => ({
    accuracyVsStrong: round(accuracy / strong.accuracy, 3),
    costSavedVsStrong: round(1 - costPerItemUsd / strong.costPerItemUsd, 3),
    meetsTarget: accuracy >= TARGET * strong.accuracy && 1 - costPerItemUsd / strong.costPerItemUsd >= 0.5,
  });

  // the learned router on the test set at the threshold chosen on the training set
  const latencies: number[] = [];
  for (const item of test.slice(0, 200)) decideRoute(router, item.text); // warm-up
  const decisions = test.map((item) => {
    const t = performance.now();
    const decision = decideRoute(router, item.text);
    latencies.push(performance.now() - t);
    return decision;
  });
  const picked = decisions.map((d, i) => test[i]!.outcome[d.route as "cheap" | "strong"]);
  const routed = { accuracy: mean(picked.map((o) => o.passed)), costPerItemUsd: mean(picked.map((o) => o.costUsd)) };

  // the cascade alone, and the hybrid: its two thresholds chosen on the training set's out-of-fold chances
  // and the training items' own cascade verdicts, with the same paired bound; then measured on the test set
  const testCascade = simulateCascade(test, testSeed + 1);
  const cascade = {
    accuracy: mean(testCascade.map((row) => row.passed)),
    costPerItemUsd: mean(testCascade.map((row) => row.costUsd)),
    escalated: mean(testCascade.map((row) => (row.escalated ? 1 : 0))),
  };
  const chosenHybrid = chooseHybrid(
    train,
    simulateCascade(train, trainSeed + 1),
    outOfFold.map((chances) => chances[0]!),
    TARGET,
    report.margin,
  );
  const hybrid = hybridPoint(
    test,
    testCascade,
    decisions.map((d) => d.chances.cheap!),
    chosenHybrid.low,
    chosenHybrid.high,
    0,
  );

  const trainX = train.map((item) => extractFeatures(defaultFeatureSpec, item.text));
  const knnLatencies: number[] = [];
  const knnCheap = test.map((item) => {
    const t = performance.now();
    const chance = knnChance(
      trainX,
      train.map((row) => row.outcome.cheap.passed),
      extractFeatures(defaultFeatureSpec, item.text),
      25,
    );
    knnLatencies.push(performance.now() - t);
    return chance;
  });

  const cv = report.choice.chosen;
  return {
    artifact,
    test,
    latencies,
    trainMs,
    figures: {
      task: { note, trainSeed, testSeed, trainItems: TRAIN, testItems: TEST, testTextsAlsoInTrainDropped: droppedFromTest },
      singleModels: {
        cheap: { accuracy: round(cheap.accuracy, 3), costPerItemUsd: cheap.costPerItemUsd },
        strong: { accuracy: round(strong.accuracy, 3), costPerItemUsd: strong.costPerItemUsd },
      },
      crossValidationOnTrain: {
        chosenThreshold: artifact.threshold,
        accuracy: round(cv.accuracy, 3),
        accuracyVsStrong: round(cv.qualityVsBest!, 3),
        lowerBoundVsStrong: round(cv.qualityVsBest! - report.margin * cv.qualityStdError!, 3),
        costSaved: round(report.choice.costSaved, 3),
        shareCheap: round(cv.share.cheap!, 3),
        folds: report.folds,
        marginStandardErrors: report.margin,
        l2ChosenPerRoute: Object.fromEntries(report.regularisation.map((r) => [r.route, r.l2])),
      },
      learnedRouterOnTest: {
        threshold: artifact.threshold,
        accuracy: round(routed.accuracy, 3),
        costPerItemUsd: routed.costPerItemUsd,
        shareCheap: round(mean(decisions.map((d) => (d.route === "cheap" ? 1 : 0))), 3),
        ...versusStrong(routed.accuracy, routed.costPerItemUsd),
      },
      cascadeOnTest: {
        verifier: "self-consistency: 2 samples of the cheap model must agree",
        accuracy: round(cascade.accuracy, 3),
        costPerItemUsd: cascade.costPerItemUsd,
        escalated: round(cascade.escalated, 3),
        ...versusStrong(cascade.accuracy, cascade.costPerItemUsd),
      },
      hybridOnTest: {
        rule: "cheap chance ≥ verifyBelow → cheap model unchecked; ≥ threshold → cheap model checked by the cascade's verifier; else strong model",
        threshold: round(chosenHybrid.low, 4),
        verifyBelow: round(chosenHybrid.high, 4),
        crossValidation: {
          accuracyVsStrong: round(chosenHybrid.qualityVsStrong, 3),
          lowerBoundVsStrong: round(chosenHybrid.lowerBound, 3),
        },
        accuracy: round(hybrid.accuracy, 3),
        costPerItemUsd: hybrid.costPerItemUsd,
        share: { cheap: round(hybrid.share.cheap, 3), checked: round(hybrid.share.cascade, 3), strong: round(hybrid.share.strong, 3) },
        ...versusStrong(hybrid.accuracy, hybrid.costPerItemUsd),
      },
      rankingComparison: {
        note: "best cost saved at ≥ 95 % of the strong model's test accuracy over every share of traffic (ranking quality, threshold chosen in hindsight), and prediction time per request",
        logistic: {
          bestCostSaved: bestSaving(
            test,
            decisions.map((d) => d.chances.cheap!),
          ),
          predictP50Ms: round(percentile(latencies, 50), 4),
        },
        knn25: { bestCostSaved: bestSaving(test, knnCheap), predictP50Ms: round(percentile(knnLatencies, 50), 4) },
        oracleOnTextVisibleDifficulty: {
          bestCostSaved: bestSaving(
            test,
            test.map((item) => item.visibleChance),
          ),
        },
        oracleOnTrueChances: {
          bestCostSaved: bestSaving(
            test,
            test.map((item) => item.chance.cheap),
          ),
        },
      },
    },
  };
}

const arithmetic = measureTask(
  "arithmetic requests; difficulty partly visible (operations, digits, ×, carries) and partly hidden (per-item noise)",
  makeTask,
  11,
  22,
);
const support = measureTask(
  "product-support questions; difficulty partly visible (intent, product series and popularity, clauses) and partly hidden (changed policies, per-item noise)",
  makeSupportTask,
  12,
  23,
);

const big = makeTask(10_000, 33).map(toTraining);
const bigStarted = performance.now();
learnRouter(routes, big);
const train10kMs = performance.now() - bigStarted;

const node = await nodeRoutingLatency(
  arithmetic.artifact,
  arithmetic.test.map((item) => item.text),
);

const figures = {
  tasks: { arithmetic: arithmetic.figures, support: support.figures },
  trainingMs: {
    arithmeticItems2000: Math.round(arithmetic.trainMs),
    supportItems2000: Math.round(support.trainMs),
    items10000: Math.round(train10kMs),
  },
  routingLatencyMs: {
    decideP50: round(percentile(arithmetic.latencies, 50), 4),
    decideP95: round(percentile(arithmetic.latencies, 95), 4),
    ...node,
  },
};
console.log(JSON.stringify(figures, null, 2));
await writeResult("routing", figures);
