// Development sweep for the learner, on seeds other than bench:routing's (train 101…, test 201…), so
// settings are compared without looking at the benchmark's own test set. Each variant is a LearnOptions
// object; per seed it prints the test set's share of the strong model's accuracy and the cost saved at the
// threshold chosen by cross-validation, the best saving any threshold reaches on the test set, and the
// same for routing on the text-visible part of the difficulty and on the true chances (the ceilings).
//   node --import tsx bench/routing/dev-sweep.ts '{"base":{},"l2 1e-3":{"logistic":{"l2":1e-3}}}'
//   SEEDS=101,102,103 … to change the seeds; TASK=support for the support-questions task
import { decideRoute, learnRouter, loadRouter, type LearnOptions } from "@switchyard/evals";
import { makeTask, type TaskItem } from "./task";
import { makeSupportTask } from "./task-support";
import { chooseHybrid, hybridPoint, simulateCascade } from "./hybrid";

const makeItems = process.env.TASK === "support" ? makeSupportTask : makeTask;

const routes = [
  { key: "strong", label: "strong" },
  { key: "cheap", label: "cheap" },
];
const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / (values.length || 1);
const variants: Record<string, LearnOptions> = JSON.parse(process.argv[2] ?? '{"defaults":{}}');
const seeds = (process.env.SEEDS ?? "101,102,103,104,105").split(",").map(Number);
const f = (x: number) => x.toFixed(3);

/**
 * Best saving at ≥ 95 % of the strong model's accuracy when the items with the highest `cheapChance` go to
 * the cheap model, over every share of traffic (not a threshold grid): how well a score ranks the items.
 */
function bestSaving(test: TaskItem[], cheapChance: number[], strongAccuracy: number, strongCost: number) {
  const order = cheapChance.map((_, i) => i).sort((a, b) => cheapChance[b]! - cheapChance[a]!);
  let passed = strongAccuracy * test.length;
  let cost = strongCost * test.length;
  let best = 0;
  for (const i of order) {
    passed += test[i]!.outcome.cheap.passed - test[i]!.outcome.strong.passed;
    cost += test[i]!.outcome.cheap.costUsd - test[i]!.outcome.strong.costUsd;
    if (passed >= 0.95 * strongAccuracy * test.length) best = Math.max(best, 1 - cost / (strongCost * test.length));
  }
  return best;
}

for (const [name, options] of Object.entries(variants)) {
  const rows = seeds.map((seed) => {
    const train = makeItems(2_000, seed);
    const texts = new Set(train.map((item) => item.text));
    const test = makeItems(4_000, seed + 100)
      .filter((item) => !texts.has(item.text))
      .slice(0, 2_000);
    const { artifact, outOfFold, report } = learnRouter(
      routes,
      train.map((item) => ({ text: item.text, outcomes: [item.outcome.strong, item.outcome.cheap] })),
      options,
    );
    const router = loadRouter(artifact);
    const strongAccuracy = mean(test.map((item) => item.outcome.strong.passed));
    const strongCost = mean(test.map((item) => item.outcome.strong.costUsd));
    const decisions = test.map((item) => decideRoute(router, item.text));
    const picked = decisions.map((d, k) => test[k]!.outcome[d.route as "cheap" | "strong"]);
    const cheapOutOfFold = outOfFold.map((chances) => chances[0]!);
    const hybrid = chooseHybrid(train, simulateCascade(train, seed + 7), cheapOutOfFold, 0.95, report.margin);
    const testCascade = simulateCascade(test, seed + 9);
    const hybridTest = hybridPoint(
      test,
      testCascade,
      decisions.map((d) => d.chances.cheap!),
      hybrid.low,
      hybrid.high,
      0,
    );
    return {
      hybrid: { quality: hybridTest.qualityVsStrong, saved: 1 - hybridTest.costPerItemUsd / strongCost },
      cascade: {
        quality: mean(testCascade.map((row) => row.passed)) / strongAccuracy,
        saved: 1 - mean(testCascade.map((row) => row.costUsd)) / strongCost,
      },
      quality: mean(picked.map((o) => o.passed)) / strongAccuracy,
      saved: 1 - mean(picked.map((o) => o.costUsd)) / strongCost,
      best: bestSaving(
        test,
        decisions.map((d) => d.chances.cheap!),
        strongAccuracy,
        strongCost,
      ),
      visible: bestSaving(
        test,
        test.map((item) => item.visibleChance),
        strongAccuracy,
        strongCost,
      ),
      truth: bestSaving(
        test,
        test.map((item) => item.chance.cheap),
        strongAccuracy,
        strongCost,
      ),
    };
  });
  console.log(
    name.padEnd(16),
    rows.map((row) => `q ${f(row.quality)} saved ${f(row.saved)}`).join(" | "),
    `| mean q ${f(mean(rows.map((r) => r.quality)))} min q ${f(Math.min(...rows.map((r) => r.quality)))} saved ${f(mean(rows.map((r) => r.saved)))} best ${f(mean(rows.map((r) => r.best)))}`,
    `ceilings: text-visible ${f(mean(rows.map((r) => r.visible)))} true ${f(mean(rows.map((r) => r.truth)))}`,
  );
  for (const way of ["hybrid", "cascade"] as const)
    console.log(
      `  ${way}`.padEnd(16),
      rows.map((row) => `q ${f(row[way].quality)} saved ${f(row[way].saved)}`).join(" | "),
      `| mean q ${f(mean(rows.map((r) => r[way].quality)))} min q ${f(Math.min(...rows.map((r) => r[way].quality)))} saved ${f(mean(rows.map((r) => r[way].saved)))}`,
    );
}
