// Development sweep for the learner, on seeds other than bench:routing's (train 101…, test 201…), so
// settings are compared without looking at the benchmark's own test set. Each variant is a LearnOptions
// object; per seed it prints the test set's share of the strong model's accuracy and the cost saved at the
// threshold chosen by cross-validation, the best saving any threshold reaches on the test set, and the
// same for routing on the text-visible part of the difficulty and on the true chances (the ceilings).
//   node --import tsx bench/routing/dev-sweep.ts '{"base":{},"l2 1e-3":{"logistic":{"l2":1e-3}}}'
//   SEEDS=101,102,103 … to change the seeds
import { decideRoute, learnRouter, loadRouter, policyPoint, THRESHOLDS, type LearnOptions } from "@switchyard/evals";
import { makeTask, type TaskItem } from "./task";

const routes = [
  { key: "strong", label: "strong" },
  { key: "cheap", label: "cheap" },
];
const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / (values.length || 1);
const variants: Record<string, LearnOptions> = JSON.parse(process.argv[2] ?? '{"defaults":{}}');
const seeds = (process.env.SEEDS ?? "101,102,103,104,105").split(",").map(Number);
const f = (x: number) => x.toFixed(3);

/** Best saving at ≥ 95 % of the strong model's accuracy over all thresholds, routing on `cheapChance`. */
function bestSaving(test: TaskItem[], cheapChance: number[], strongAccuracy: number, strongCost: number) {
  const outcomes = test.map((item) => [item.outcome.cheap, item.outcome.strong]);
  const chances = cheapChance.map((p) => Float64Array.from([p, 1]));
  const cheapest = THRESHOLDS.map((t) => policyPoint(["cheap", "strong"], chances, outcomes, t, 1))
    .filter((point) => point.accuracy >= 0.95 * strongAccuracy)
    .reduce((a, b) => (b.costPerItemUsd < a.costPerItemUsd ? b : a));
  return 1 - cheapest.costPerItemUsd / strongCost;
}

for (const [name, options] of Object.entries(variants)) {
  const rows = seeds.map((seed) => {
    const train = makeTask(2_000, seed);
    const texts = new Set(train.map((item) => item.text));
    const test = makeTask(4_000, seed + 100)
      .filter((item) => !texts.has(item.text))
      .slice(0, 2_000);
    const { artifact } = learnRouter(
      routes,
      train.map((item) => ({ text: item.text, outcomes: [item.outcome.strong, item.outcome.cheap] })),
      options,
    );
    const router = loadRouter(artifact);
    const strongAccuracy = mean(test.map((item) => item.outcome.strong.passed));
    const strongCost = mean(test.map((item) => item.outcome.strong.costUsd));
    const decisions = test.map((item) => decideRoute(router, item.text));
    const picked = decisions.map((d, k) => test[k]!.outcome[d.route as "cheap" | "strong"]);
    return {
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
        test.map((item) => 1 / (1 + Math.exp(item.visibleDifficulty))),
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
    `| mean q ${f(mean(rows.map((r) => r.quality)))} saved ${f(mean(rows.map((r) => r.saved)))} best ${f(mean(rows.map((r) => r.best)))}`,
    `ceilings: text-visible ${f(mean(rows.map((r) => r.visible)))} true ${f(mean(rows.map((r) => r.truth)))}`,
  );
}
