// Oracle ceilings of a routing task, with no router: the best cost saved at ≥ 95 % of the strong model's
// test accuracy when requests are ranked by the true cheap chance, the true gap (cheap − strong chance)
// and the cheap chance from the text-visible difficulty alone (bestSaving, every share of traffic, in
// hindsight). A new task's parameters are set from these before any router runs on it.
//   TASK=exam SEEDS=301,302,303 node --import tsx bench/routing/ceilings.ts
import { bestSaving, draws, mean } from "./evaluate";
import { TASKS } from "./tasks";

const task = process.env.TASK ?? "exam";
const seeds = (process.env.SEEDS ?? "301,302,303").split(",").map(Number);
const f = (x: number) => (x * 100).toFixed(1);
for (const seed of seeds) {
  const { test } = draws(TASKS[task]!.make, seed, seed + 100);
  const cheap = mean(test.map((item) => item.outcome.cheap.passed));
  const strong = mean(test.map((item) => item.outcome.strong.passed));
  const ratio = mean(test.map((item) => item.outcome.strong.costUsd)) / mean(test.map((item) => item.outcome.cheap.costUsd));
  console.log(
    `${task} ${seed}/${seed + 100}: cheap ${f(cheap)} % strong ${f(strong)} % cost ×${ratio.toFixed(1)}`,
    `| ceilings: true chance ${f(
      bestSaving(
        test,
        test.map((item) => item.chance.cheap),
      ),
    )} %`,
    `true gap ${f(
      bestSaving(
        test,
        test.map((item) => item.chance.cheap - item.chance.strong),
      ),
    )} %`,
    `text-visible ${f(
      bestSaving(
        test,
        test.map((item) => item.visibleChance),
      ),
    )} %`,
  );
}
