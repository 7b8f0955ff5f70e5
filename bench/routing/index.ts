// bench:routing: does a learned router save cost at ≥ 95 % of the strong model's accuracy on requests
// it never saw? Five synthetic tasks whose difficulty the text reveals only partly (arithmetic: task.ts;
// product-support questions: task-support.ts; questions about code snippets: task-code.ts; math word
// problems: task-word.ts, multi-hop trivia, a third of it beyond both models: task-trivia.ts, and
// multiple-choice exam questions across subjects: task-exam.ts, the three held-out ones no default was
// chosen on; IT helpdesk questions: task-helpdesk.ts, a development task; the list and seeds: tasks.ts), each on five
// train/test draws. Per draw, the router trains on 2,000 items and chooses everything there by
// cross-validation (the policy, chance or gap, and its threshold: the paired lower confidence bound must
// reach 95 %; learned + cascade:
// both lines from the training items' own verifier verdicts, with that bound made simultaneous over the
// pairs of lines searched), and every figure is
// measured on 2,000 other items whose texts never occur in the training draw: each single model, the
// learned router, a self-consistency cascade and learned + cascade. "expectedQuality" is the same
// policy's quality from the simulated models' true chances on those items, free of the test draw's own
// right/wrong luck. Also the training time at 10,000 items and the added routing latency per request.
//   node --import tsx bench/routing/index.ts      (or: npm run bench:routing)
// Prints the figures and writes bench/results/routing.json.
import { learnRouter } from "@switchyard/evals";
import { percentile, round, writeResult } from "../support/stats";
import { draws, evaluateSeed, mean, routes, TARGET, toTraining, type SeedResult } from "./evaluate";
import { nodeRoutingLatency } from "./node-latency";
import { makeTask, type TaskItem } from "./task";
import { withContext } from "./long-prompts";
import { makeCodeTask } from "./task-code";
import { SEEDS, TASKS } from "./tasks";

const r3 = (value: number) => round(value, 3);
const summary = (values: number[]) => ({ mean: r3(mean(values)), min: r3(Math.min(...values)), max: r3(Math.max(...values)) });

function perSeed(row: SeedResult) {
  return {
    trainSeed: row.trainSeed,
    testSeed: row.testSeed,
    testTextsAlsoInTrainDropped: row.droppedFromTest,
    singleModels: {
      cheap: { accuracy: r3(row.singles.cheap.accuracy), costPerItemUsd: row.singles.cheap.cost },
      strong: { accuracy: r3(row.singles.strong.accuracy), costPerItemUsd: row.singles.strong.cost },
    },
    crossValidationOnTrain: {
      policy: row.cv.policy,
      threshold: row.cv.threshold,
      accuracyVsStrong: r3(row.cv.quality),
      lowerBoundVsStrong: r3(row.cv.lowerBound),
      costSaved: r3(row.cv.saved),
      shareCheap: r3(row.cv.shareCheap),
    },
    learnedRouterOnTest: {
      accuracyVsStrong: r3(row.test.quality),
      expectedQualityVsStrong: r3(row.test.expectedQuality),
      costSavedVsStrong: r3(row.test.saved),
      shareCheap: r3(row.test.shareCheap),
      meetsTarget: row.test.meets,
    },
    learnedPlusCascadeOnTest: row.hybrid && {
      threshold: round(row.hybrid.threshold, 4),
      verifyBelow: round(row.hybrid.verifyBelow, 4),
      accuracyVsStrong: r3(row.hybrid.quality),
      expectedQualityVsStrong: r3(row.hybrid.expectedQuality),
      costSavedVsStrong: r3(row.hybrid.saved),
      meetsTarget: row.hybrid.meets,
    },
    cascadeOnTest: {
      accuracyVsStrong: r3(row.cascade.quality),
      costSavedVsStrong: r3(row.cascade.saved),
      escalated: r3(row.cascade.escalated),
    },
    hindsightBestCostSaved: {
      learnedRanking: r3(row.ceilings.learnerHindsight),
      learnedGapRanking: r3(row.ceilings.learnerGapHindsight),
      textVisibleDifficulty: r3(row.ceilings.textVisible),
      trueChances: r3(row.ceilings.trueChances),
      trueGap: r3(row.ceilings.trueGap),
    },
  };
}

function measureTask(name: string) {
  const { note, make } = TASKS[name]!;
  const rows = SEEDS[name]!.map(([trainSeed, testSeed]) => evaluateSeed(make, trainSeed, testSeed));
  const hybrid = rows.map((row) => row.hybrid!);
  return {
    rows,
    figures: {
      task: {
        note,
        trainItems: 2_000,
        testItems: 2_000,
        target: `≥ ${TARGET * 100} % of the strong model's accuracy and ≥ 50 % cost saved`,
      },
      summaryOverSeeds: {
        learnedRouter: {
          accuracyVsStrong: summary(rows.map((row) => row.test.quality)),
          expectedQualityVsStrong: summary(rows.map((row) => row.test.expectedQuality)),
          costSaved: summary(rows.map((row) => row.test.saved)),
          seedsMeetingTarget: `${rows.filter((row) => row.test.meets).length} / ${rows.length}`,
          seedsAtOrAbove95: `${rows.filter((row) => row.test.quality >= TARGET).length} / ${rows.length}`,
        },
        learnedPlusCascade: {
          accuracyVsStrong: summary(hybrid.map((row) => row.quality)),
          expectedQualityVsStrong: summary(hybrid.map((row) => row.expectedQuality)),
          costSaved: summary(hybrid.map((row) => row.saved)),
          seedsMeetingTarget: `${hybrid.filter((row) => row.meets).length} / ${rows.length}`,
          seedsAtOrAbove95: `${hybrid.filter((row) => row.quality >= TARGET).length} / ${rows.length}`,
        },
        cascade: {
          accuracyVsStrong: summary(rows.map((row) => row.cascade.quality)),
          costSaved: summary(rows.map((row) => row.cascade.saved)),
        },
        policyChosen: rows.map((row) => row.cv.policy).join(" "),
        hindsightBestCostSaved: {
          learnedRanking: summary(rows.map((row) => row.ceilings.learnerHindsight)),
          learnedGapRanking: summary(rows.map((row) => row.ceilings.learnerGapHindsight)),
          textVisibleDifficulty: summary(rows.map((row) => row.ceilings.textVisible)),
          trueChances: summary(rows.map((row) => row.ceilings.trueChances)),
          trueGap: summary(rows.map((row) => row.ceilings.trueGap)),
        },
        trainingMs2000: summary(rows.map((row) => Math.round(row.trainMs))),
        cheapChanceCalibrationErrorOnTest: summary(rows.map((row) => row.calibrationErrorTest)),
      },
      seeds: rows.map(perSeed),
    },
  };
}

const measured = Object.fromEntries(Object.keys(TASKS).map((name) => [name, measureTask(name)]));

/** Training time at 10,000 items: short arithmetic requests, code questions, and code questions behind
 * 2,000 characters of context (a long prompt, as real traffic has: its n-grams dominate the work). */
function trainingMs(items: TaskItem[]) {
  const started = performance.now();
  learnRouter(routes, items.map(toTraining));
  return Math.round(performance.now() - started);
}
const training = {
  items10000: trainingMs(makeTask(10_000, 33)),
  items10000Code: trainingMs(makeCodeTask(10_000, 33)),
  items10000LongPrompts: trainingMs(withContext(makeCodeTask(10_000, 33), 5)),
};

// latency on the first arithmetic draw's router and test texts
const { train, test } = draws(makeTask, 11, 22);
const { artifact } = learnRouter(routes, train.map(toTraining));
const node = await nodeRoutingLatency(
  artifact,
  test.map((item) => item.text),
);
const latencies = Object.values(measured).flatMap((task) => task.rows.flatMap((row) => row.latenciesMs));

const figures = {
  tasks: Object.fromEntries(Object.entries(measured).map(([name, task]) => [name, task.figures])),
  trainingMs: training,
  routingLatencyMs: {
    decideP50: round(percentile(latencies, 50), 4),
    decideP95: round(percentile(latencies, 95), 4),
    ...node,
  },
};
console.log(JSON.stringify(figures, null, 2));
await writeResult("routing", figures);
