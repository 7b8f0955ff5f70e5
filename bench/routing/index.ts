// bench/routing: does a learned router save cost at ≥ 95 % of the strong model's accuracy on requests
// it never saw? Trains on one synthetic set (task.ts), chooses its threshold by cross-validation on that
// set alone, and reports everything on a separate test set: each single model, the router at the chosen
// threshold, a self-consistency cascade, and kNN as the alternative learner. Also the training time at
// 10,000 items and the added routing latency per request.
//   node --import tsx bench/routing/index.ts      (or: npm run bench:routing)
// Prints the figures and writes bench/results/routing.json.
import {
  decideRoute,
  defaultFeatureSpec,
  extractFeatures,
  learnRouter,
  loadRouter,
  policyPoint,
  seededRandom,
  THRESHOLDS,
  type TrainingItem,
} from "@switchyard/evals";
import { percentile, round, writeResult } from "../support/stats";
import { knnChance } from "./knn";
import { makeTask, type TaskItem } from "./task";
import { nodeRoutingLatency } from "./node-latency";

const TRAIN = 2_000;
const TEST = 2_000;
const routes = [
  { key: "strong", label: "strong model" },
  { key: "cheap", label: "cheap model" },
];
const toTraining = (item: TaskItem): TrainingItem => ({ text: item.text, outcomes: [item.outcome.strong, item.outcome.cheap] });
const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / (values.length || 1);

const train = makeTask(TRAIN, 11);
const trainTexts = new Set(train.map((item) => item.text));
// strictly held out: a test request whose exact text is in the training set (a short sum such as
// "What is 3 + 5?" can recur) is dropped, so every figure below is on text the learner never saw
const drawn = makeTask(TEST * 2, 22);
const test = drawn.filter((item) => !trainTexts.has(item.text)).slice(0, TEST);
const droppedFromTest = drawn.slice(0, drawn.indexOf(test.at(-1)!) + 1).length - TEST;

const started = performance.now();
const { artifact, report } = learnRouter(routes, train.map(toTraining));
const trainMs = performance.now() - started;
const router = loadRouter(artifact);

function single(model: "cheap" | "strong") {
  return {
    accuracy: mean(test.map((item) => item.outcome[model].passed)),
    costPerItemUsd: mean(test.map((item) => item.outcome[model].costUsd)),
  };
}
const cheap = single("cheap");
const strong = single("strong");

// the learned router on the test set at the threshold chosen on the training set
const latencies: number[] = [];
for (const item of test.slice(0, 200)) decideRoute(router, item.text); // warm-up
const decisions = test.map((item) => {
  const t = performance.now();
  const decision = decideRoute(router, item.text);
  latencies.push(performance.now() - t);
  return decision;
});
const routed = {
  threshold: artifact.threshold,
  accuracy: mean(decisions.map((d, i) => test[i]!.outcome[d.route as "cheap" | "strong"].passed)),
  costPerItemUsd: mean(decisions.map((d, i) => test[i]!.outcome[d.route as "cheap" | "strong"].costUsd)),
  shareCheap: mean(decisions.map((d) => (d.route === "cheap" ? 1 : 0))),
};

// best saving any threshold reaches on the test set: compares the learners' ranking, not the threshold choice
const outcomes = test.map((item) => [item.outcome.cheap, item.outcome.strong]);
function bestSavingOnTest(chances: Float64Array[]) {
  const target = 0.95 * strong.accuracy;
  const points = THRESHOLDS.map((t) => policyPoint(["cheap", "strong"], chances, outcomes, t, 1)).filter((p) => p.accuracy >= target);
  const cheapest = points.reduce((a, b) => (b.costPerItemUsd < a.costPerItemUsd ? b : a));
  return round(1 - cheapest.costPerItemUsd / strong.costPerItemUsd, 3);
}
// the ceiling: routing on each item's true chances, which include what the text hides
const trueChances = test.map((item) => Float64Array.from([item.chance.cheap, item.chance.strong]));
// … and the ceiling of any router that reads only the text: the difficulty the text shows, without the hidden noise
const visibleChances = test.map((item) => Float64Array.from([1 / (1 + Math.exp(item.visibleDifficulty)), 1]));
const logisticChances = decisions.map((d) => Float64Array.from([d.chances.cheap!, d.chances.strong!]));

const trainX = train.map((item) => extractFeatures(defaultFeatureSpec, item.text));
const knnLatencies: number[] = [];
const knnChances = test.map((item) => {
  const t = performance.now();
  const x = extractFeatures(defaultFeatureSpec, item.text);
  const chances = Float64Array.from([
    knnChance(
      trainX,
      train.map((row) => row.outcome.cheap.passed),
      x,
      25,
    ),
    knnChance(
      trainX,
      train.map((row) => row.outcome.strong.passed),
      x,
      25,
    ),
  ]);
  knnLatencies.push(performance.now() - t);
  return chances;
});

// a cascade: the cheap model twice; agreement accepts its answer, disagreement escalates to the strong one
const random = seededRandom(99);
const cascadeRows = test.map((item) => {
  const sample = (first: boolean) => (first ? item.outcome.cheap.passed === 1 : random() < item.chance.cheap);
  const wrongAnswer = () => Math.floor(random() * 5); // a wrong answer is one of a few plausible slips
  const [a, b] = [sample(true), sample(false)];
  const agree = a && b ? true : !a && !b ? wrongAnswer() === wrongAnswer() : false;
  const cost = 2 * item.outcome.cheap.costUsd + (agree ? 0 : item.outcome.strong.costUsd);
  return { passed: agree ? item.outcome.cheap.passed : item.outcome.strong.passed, cost, escalated: !agree };
});
const cascade = {
  verifier: "self-consistency: 2 samples of the cheap model must agree",
  accuracy: mean(cascadeRows.map((row) => row.passed)),
  costPerItemUsd: mean(cascadeRows.map((row) => row.cost)),
  escalated: mean(cascadeRows.map((row) => (row.escalated ? 1 : 0))),
};

const big = makeTask(10_000, 33).map(toTraining);
const bigStarted = performance.now();
learnRouter(routes, big);
const train10kMs = performance.now() - bigStarted;

const node = await nodeRoutingLatency(
  artifact,
  test.map((item) => item.text),
);

const saved = 1 - routed.costPerItemUsd / strong.costPerItemUsd;
const figures = {
  task: {
    trainItems: TRAIN,
    testItems: TEST,
    testTextsAlsoInTrainDropped: droppedFromTest,
    note: "arithmetic requests; difficulty partly visible (operations, digits, ×) and partly hidden (carries, per-item noise)",
  },
  singleModels: {
    cheap: { accuracy: round(cheap.accuracy, 3), costPerItemUsd: cheap.costPerItemUsd },
    strong: { accuracy: round(strong.accuracy, 3), costPerItemUsd: strong.costPerItemUsd },
  },
  crossValidationOnTrain: {
    chosenThreshold: artifact.threshold,
    accuracy: round(report.choice.chosen.accuracy, 3),
    accuracyVsStrong: round(report.choice.chosen.accuracy / report.singles.find((s) => s.key === "strong")!.accuracy, 3),
    costSaved: round(report.choice.costSaved, 3),
    shareCheap: round(report.choice.chosen.share.cheap!, 3),
    folds: report.folds,
    marginStandardErrors: report.margin,
    l2ChosenPerRoute: Object.fromEntries(report.regularisation.map((r) => [r.route, r.l2])),
  },
  learnedRouterOnTest: {
    ...routed,
    accuracy: round(routed.accuracy, 3),
    shareCheap: round(routed.shareCheap, 3),
    accuracyVsStrong: round(routed.accuracy / strong.accuracy, 3),
    costSavedVsStrong: round(saved, 3),
    meetsTarget: routed.accuracy >= 0.95 * strong.accuracy && saved >= 0.5,
  },
  cascadeOnTest: {
    ...cascade,
    accuracy: round(cascade.accuracy, 3),
    escalated: round(cascade.escalated, 3),
    accuracyVsStrong: round(cascade.accuracy / strong.accuracy, 3),
    costSavedVsStrong: round(1 - cascade.costPerItemUsd / strong.costPerItemUsd, 3),
  },
  learnerComparison: {
    note: "best cost saved at ≥ 95 % of the strong model's test accuracy over all thresholds (ranking quality), and prediction time per request",
    logistic: { bestCostSaved: bestSavingOnTest(logisticChances), predictP50Ms: round(percentile(latencies, 50), 4) },
    oracleOnTrueChances: { bestCostSaved: bestSavingOnTest(trueChances) },
    oracleOnTextVisibleDifficulty: { bestCostSaved: bestSavingOnTest(visibleChances) },
    knn25: { bestCostSaved: bestSavingOnTest(knnChances), predictP50Ms: round(percentile(knnLatencies, 50), 4) },
  },
  trainingMs: { items2000: Math.round(trainMs), items10000: Math.round(train10kMs) },
  routingLatencyMs: {
    decideP50: round(percentile(latencies, 50), 4),
    decideP95: round(percentile(latencies, 95), 4),
    ...node,
  },
};
console.log(JSON.stringify(figures, null, 2));
await writeResult("routing", figures);
