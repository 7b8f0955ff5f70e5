// Where the verify line's quality promise goes, per draw (development research for round 11): the
// learner's cross-validated quality of its chosen lines (CV q, and its standard error), the same lines'
// expected quality on the training items from their true chances and out-of-fold scores (train E[q]:
// free of the training draw's right/wrong luck, verdicts included), and on the test draw (test E[q], as
// from-repeats.ts prints it), with each expected quality's own item-sampling error. Dev tasks and seeds
// only (train 101…, test = train + 100).
//   TASKS=arithmetic,support,code,helpdesk SEEDS=101,…,110 OPTIONS='{…}' node --import tsx bench/routing/verify-noise.ts
import { decideRoute, learnRouter, loadRouter, pairedQuality, policyScores, trainingItems, type LearnOptions } from "@switchyard/evals";
import { draws, mean } from "./evaluate";
import { hybridPoint, simulateCascade, type CascadeRow } from "./hybrid";
import { evalRunOf, variants } from "./repeats";
import type { TaskItem } from "./task";
import { TASKS } from "./tasks";

const tasks = (process.env.TASKS ?? "arithmetic,support,code,helpdesk").split(",");
const seeds = (process.env.SEEDS ?? "101,102,103,104,105,106,107,108,109,110").split(",").map(Number);
const options: LearnOptions = JSON.parse(process.env.OPTIONS ?? "{}");
const repeats = Number(process.env.REPEATS ?? 2);

/** Expected quality ÷ strong from true chances, and its standard error over the items drawn. */
function expected(items: TaskItem[], cascade: CascadeRow[], score: ArrayLike<number>, low: number, high: number) {
  let [passed, best, rr, ss, rs] = [0, 0, 0, 0, 0];
  items.forEach((item, i) => {
    const p = score[i]!;
    const e = p >= high ? item.chance.cheap : p >= low ? cascade[i]!.expectedPassed : item.chance.strong;
    const s = item.chance.strong;
    [passed, best, rr, ss, rs] = [passed + e, best + s, rr + e * e, ss + s * s, rs + e * s];
  });
  return pairedQuality({ n: items.length, passed, best, rr, ss, rs });
}

const f = (x: number) => x.toFixed(3);
const sd = (values: number[]) => Math.sqrt(mean(values.map((v) => (v - mean(values)) ** 2)));
const all: {
  cvMinusTest: number;
  cvMinusTrain: number;
  trainMinusTest: number;
  z: number;
  testE: number;
  cvSaved: number;
  saved: number;
}[] = [];
for (const task of tasks) {
  const rows = seeds.map((trainSeed) => {
    const { train, test } = draws(TASKS[task]!.make, trainSeed, trainSeed + 100);
    const items = trainingItems(evalRunOf(train, repeats, trainSeed + 7), { selfConsistency: { kind: "self_consistency", samples: 2 } });
    const { artifact, report, outOfFold } = learnRouter(
      variants.map(({ key, label }) => ({ key, label })),
      items,
      options,
    );
    const low = artifact.threshold;
    const high = artifact.verifyBelow ?? artifact.threshold;
    const trainScore = outOfFold.map((chances) => policyScores(chances, 1, artifact.policy ?? "chance")[0]!);
    const router = loadRouter(artifact);
    const testScore = test.map((item) => {
      const decision = decideRoute(router, item.text);
      return (decision.scores ?? decision.chances).cheap!;
    });
    const trainE = expected(train, simulateCascade(train, trainSeed + 1), trainScore, low, high);
    const testCascade = simulateCascade(test, trainSeed + 101);
    const testE = expected(test, testCascade, testScore, low, high);
    const saved =
      1 - hybridPoint(test, testCascade, testScore, low, high, 0).costPerItemUsd / mean(test.map((item) => item.outcome.strong.costUsd));
    const cv = report.verify ?? {
      qualityVsBest: report.choice.chosen.qualityVsBest!,
      qualityStdError: report.choice.chosen.qualityStdError!,
    };
    const share = (score: number[], from: number, to: number) => mean(score.map((p) => (p >= from && p < to ? 1 : 0)));
    console.log(
      `${task} ${trainSeed}: CV q ${f(cv.qualityVsBest)} ± ${f(cv.qualityStdError)}, train E[q] ${f(trainE.ratio)} ± ${f(trainE.stdError)}, ` +
        `test E[q] ${f(testE.ratio)} ± ${f(testE.stdError)}; bound ${(report.verify?.margin ?? report.margin).toFixed(2)} SE, CV saved ${f(report.verify?.costSaved ?? report.choice.costSaved)}, test saved ${f(saved)}; share cheap/checked train ${f(share(trainScore, high, 2))}/${f(share(trainScore, low, high))} ` +
        `test ${f(share(testScore, high, 2))}/${f(share(testScore, low, high))}`,
    );
    return {
      cvMinusTest: cv.qualityVsBest - testE.ratio,
      cvMinusTrain: cv.qualityVsBest - trainE.ratio,
      trainMinusTest: trainE.ratio - testE.ratio,
      z: (cv.qualityVsBest - testE.ratio) / cv.qualityStdError,
      testE: testE.ratio,
      cvSaved: report.verify?.costSaved ?? report.choice.costSaved,
      saved,
    };
  });
  all.push(...rows);
  const line = (label: string, values: number[]) => `${label} mean ${f(mean(values))} sd ${f(sd(values))}`;
  console.log(
    `${task}: ${line(
      "CV − test E",
      rows.map((r) => r.cvMinusTest),
    )}; ${line(
      "CV − train E",
      rows.map((r) => r.cvMinusTrain),
    )}; ` +
      `${line(
        "train E − test E",
        rows.map((r) => r.trainMinusTest),
      )}; ${line(
        "z",
        rows.map((r) => r.z),
      )}; ` +
      `CV saved ${f(mean(rows.map((r) => r.cvSaved)))}, test saved ${f(mean(rows.map((r) => r.saved)))} min ${f(Math.min(...rows.map((r) => r.saved)))}, test E mean ${f(mean(rows.map((r) => r.testE)))} min ${f(Math.min(...rows.map((r) => r.testE)))}, under 0.95 ${rows.filter((r) => r.testE < 0.95).length}/${rows.length}`,
  );
}
console.log(
  `all: CV − test E mean ${f(mean(all.map((r) => r.cvMinusTest)))} sd ${f(sd(all.map((r) => r.cvMinusTest)))}; ` +
    `CV − train E mean ${f(mean(all.map((r) => r.cvMinusTrain)))} sd ${f(sd(all.map((r) => r.cvMinusTrain)))}; ` +
    `train E − test E mean ${f(mean(all.map((r) => r.trainMinusTest)))} sd ${f(sd(all.map((r) => r.trainMinusTest)))}; ` +
    `z mean ${f(mean(all.map((r) => r.z)))} sd ${f(sd(all.map((r) => r.z)))}; under 0.95 ${all.filter((r) => r.testE < 0.95).length}/${all.length}`,
);
