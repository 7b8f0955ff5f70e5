// The product's path to a self-consistency verify line, on the benchmark's tasks: each training item is
// answered R times by each simulated model as an eval run with R repeats stores it (a right answer, or one
// of five plausible slips, so two wrong answers sometimes agree, as in the cascade of hybrid.ts), the
// verdicts come from trainingItems (agreement of N stored answers, the check costing N − 1 more cheap
// answers), and the learner's two lines are then measured on the test draw against the same simulated
// cascade as bench:routing's. Besides q (accuracy ÷ strong on the test draw) it prints the expected q:
// the same routing decisions' quality from the simulated models' true chances (as bench:routing's
// expectedQualityVsStrong), free of the test draw's own right/wrong luck.
//   node --import tsx bench/routing/from-repeats.ts [task] [repeats…]
//   SEEDS=101,102 (train seeds; test seed = train + 100) instead of the task's own draws;
//   OPTIONS='{"margin":2}' LearnOptions for the learner; PER_DRAW=1 prints each draw.
import { decideRoute, learnRouter, loadRouter, trainingItems, type LearnOptions } from "@switchyard/evals";
import { draws, mean, TARGET } from "./evaluate";
import { hybridExpectedQuality, hybridPoint, simulateCascade } from "./hybrid";
import { evalRunOf, variants } from "./repeats";
import { SEEDS, TASKS } from "./tasks";

const [task = "exam", ...repeatArgs] = process.argv.slice(2);
const make = TASKS[task]!.make;
const seeds: [number, number][] = process.env.SEEDS
  ? process.env.SEEDS.split(",").map((seed) => [Number(seed), Number(seed) + 100])
  : SEEDS[task]!;
const options: LearnOptions = JSON.parse(process.env.OPTIONS ?? "{}");
for (const repeats of (repeatArgs.length ? repeatArgs : ["2", "3"]).map(Number)) {
  const rows = seeds.map(([trainSeed, testSeed]) => {
    const { train, test } = draws(make, trainSeed, testSeed);
    const items = trainingItems(evalRunOf(train, repeats, trainSeed + 7), { selfConsistency: { kind: "self_consistency", samples: 2 } });
    const { artifact, report } = learnRouter(
      variants.map(({ key, label }) => ({ key, label })),
      items,
      options,
    );
    const strongAccuracy = mean(test.map((item) => item.outcome.strong.passed));
    const strongCost = mean(test.map((item) => item.outcome.strong.costUsd));
    const router = loadRouter(artifact);
    const score = test.map((item) => {
      const decision = decideRoute(router, item.text);
      return (decision.scores ?? decision.chances).cheap!;
    });
    const high = artifact.verifyBelow ?? artifact.threshold;
    const cascade = simulateCascade(test, testSeed + 1);
    const point = hybridPoint(test, cascade, score, artifact.threshold, high, 0);
    return {
      trainSeed,
      verifyLine: artifact.verifyBelow !== undefined,
      q: point.accuracy / strongAccuracy,
      expectedQ: hybridExpectedQuality(test, cascade, score, artifact.threshold, high),
      cvQ: report.verify?.qualityVsBest ?? report.choice.chosen.qualityVsBest!,
      saved: 1 - point.costPerItemUsd / strongCost,
      cvSaved: report.verify?.costSaved ?? report.choice.costSaved,
      checked: point.share.cascade,
    };
  });
  const pct = (x: number) => `${(100 * x).toFixed(1)} %`;
  if (process.env.PER_DRAW)
    for (const row of rows)
      console.log(
        `  draw ${row.trainSeed}: q ${row.q.toFixed(3)}, expected q ${row.expectedQ.toFixed(3)}, CV q ${row.cvQ.toFixed(3)}, ` +
          `saved ${pct(row.saved)}, checked ${pct(row.checked)}${row.verifyLine ? "" : ", no verify line"}`,
      );
  console.log(
    `${task}, ${repeats} repeats, 2 samples: verify line on ${rows.filter((row) => row.verifyLine).length}/${rows.length} draws; ` +
      `q ${mean(rows.map((row) => row.q)).toFixed(3)} (min ${Math.min(...rows.map((row) => row.q)).toFixed(3)}), ` +
      `expected q ${mean(rows.map((row) => row.expectedQ)).toFixed(3)} (min ${Math.min(...rows.map((row) => row.expectedQ)).toFixed(3)}), ` +
      `saved ${pct(mean(rows.map((row) => row.saved)))} (${pct(Math.min(...rows.map((row) => row.saved)))}–${pct(Math.max(...rows.map((row) => row.saved)))}), ` +
      `CV saved ${pct(mean(rows.map((row) => row.cvSaved)))}, checked ${pct(mean(rows.map((row) => row.checked)))}, ` +
      `draws at the bar ${rows.filter((row) => row.q >= TARGET && row.saved >= 0.5).length}/${rows.length}`,
  );
}
