// The product's path to a self-consistency verify line, on the benchmark's tasks: each training item is
// answered R times by each simulated model as an eval run with R repeats stores it (a right answer, or one
// of five plausible slips, so two wrong answers sometimes agree, as in the cascade of hybrid.ts), the
// verdicts come from trainingItems (agreement of N stored answers, the check costing N − 1 more cheap
// answers), and the learner's two lines are then measured on the test draw against the same simulated
// cascade as bench:routing's. Usage: node --import tsx bench/routing/from-repeats.ts [task] [repeats…]
import { decideRoute, learnRouter, loadRouter, seededRandom, trainingItems, type EvalRunForRouter } from "@switchyard/evals";
import { draws, mean, TARGET } from "./evaluate";
import { hybridPoint, simulateCascade } from "./hybrid";
import type { TaskItem } from "./task";
import { SEEDS, TASKS } from "./tasks";

const variants = [
  { key: "strong", label: "strong model", overrides: { llm: { model: "strong" } } },
  { key: "cheap", label: "cheap model", overrides: { llm: { model: "cheap" } } },
];

/** An eval run of the training draw with `repeats` answers per item and model. */
function evalRunOf(train: TaskItem[], repeats: number, seed: number): EvalRunForRouter {
  const random = seededRandom(seed);
  const answer = (chance: number) => (random() < chance ? "right" : `slip ${Math.floor(random() * 5)}`);
  return {
    variants,
    graph: { nodes: [] },
    results: train.flatMap((item, i) =>
      (["strong", "cheap"] as const).flatMap((key) =>
        Array.from({ length: repeats }, () => {
          const output = answer(item.chance[key]);
          const passed = output === "right";
          return { datasetItemId: String(i), input: item.text, variantKey: key, passed, output, costUsd: item.outcome[key].costUsd };
        }),
      ),
    ),
  };
}

const [task = "exam", ...repeatArgs] = process.argv.slice(2);
const make = TASKS[task]!.make;
for (const repeats of (repeatArgs.length ? repeatArgs : ["2", "3"]).map(Number)) {
  const rows = SEEDS[task]!.map(([trainSeed, testSeed]) => {
    const { train, test } = draws(make, trainSeed, testSeed);
    const items = trainingItems(evalRunOf(train, repeats, trainSeed + 7), { selfConsistency: { kind: "self_consistency", samples: 2 } });
    const { artifact, report } = learnRouter(
      variants.map(({ key, label }) => ({ key, label })),
      items,
    );
    const strongAccuracy = mean(test.map((item) => item.outcome.strong.passed));
    const strongCost = mean(test.map((item) => item.outcome.strong.costUsd));
    const router = loadRouter(artifact);
    const score = test.map((item) => {
      const decision = decideRoute(router, item.text);
      return (decision.scores ?? decision.chances).cheap!;
    });
    const high = artifact.verifyBelow ?? artifact.threshold;
    const point = hybridPoint(test, simulateCascade(test, testSeed + 1), score, artifact.threshold, high, 0);
    return {
      verifyLine: artifact.verifyBelow !== undefined,
      q: point.accuracy / strongAccuracy,
      saved: 1 - point.costPerItemUsd / strongCost,
      cvSaved: report.verify?.costSaved ?? report.choice.costSaved,
      checked: point.share.cascade,
    };
  });
  const pct = (x: number) => `${(100 * x).toFixed(1)} %`;
  console.log(
    `${task}, ${repeats} repeats, 2 samples: verify line on ${rows.filter((row) => row.verifyLine).length}/${rows.length} draws; ` +
      `q ${mean(rows.map((row) => row.q)).toFixed(3)} (min ${Math.min(...rows.map((row) => row.q)).toFixed(3)}), ` +
      `saved ${pct(mean(rows.map((row) => row.saved)))} (${pct(Math.min(...rows.map((row) => row.saved)))}–${pct(Math.max(...rows.map((row) => row.saved)))}), ` +
      `CV saved ${pct(mean(rows.map((row) => row.cvSaved)))}, checked ${pct(mean(rows.map((row) => row.checked)))}, ` +
      `draws at the bar ${rows.filter((row) => row.q >= TARGET && row.saved >= 0.5).length}/${rows.length}`,
  );
}
