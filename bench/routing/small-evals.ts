// A user's first eval is small. The router learns on the first `n` items of each task's training draw
// (every task, its five draws) and is measured on the same 2,000-item test draws as bench:routing: q
// (accuracy ÷ strong), expected q (from the true chances), cost saved, and how often the report's
// "quality could be as low as" (reliability.qualityAsLowAs) and the choice's paired bound were at or
// under the expected q, i.e. told the truth.
//   node --import tsx bench/routing/small-evals.ts [sizes, default 40,60,100]
import { decideRoute, learnRouter, loadRouter } from "@switchyard/evals";
import { draws, mean, routes, TARGET, toTraining } from "./evaluate";
import { SEEDS, TASKS } from "./tasks";

const sizes = (process.argv[2] ?? "40,60,100").split(",").map(Number);
const three = (x: number) => x.toFixed(3);
for (const size of sizes)
  for (const task of Object.keys(SEEDS)) {
    const rows = SEEDS[task]!.map(([trainSeed, testSeed]) => {
      const { train, test } = draws(TASKS[task]!.make, trainSeed, testSeed);
      const { artifact, report } = learnRouter(routes, train.slice(0, size).map(toTraining));
      const router = loadRouter(artifact);
      let passed = 0;
      let cost = 0;
      let expected = 0;
      for (const item of test) {
        const route = decideRoute(router, item.text).route as "cheap" | "strong";
        passed += item.outcome[route].passed;
        cost += item.outcome[route].costUsd;
        expected += item.chance[route];
      }
      const strong = (key: "passed" | "costUsd") => test.reduce((sum, item) => sum + item.outcome.strong[key], 0);
      const expectedQ = expected / test.reduce((sum, item) => sum + item.chance.strong, 0);
      return {
        q: passed / strong("passed"),
        expectedQ,
        saved: 1 - cost / strong("costUsd"),
        asLowAsHeld: expectedQ >= report.reliability!.qualityAsLowAs,
        boundHeld: expectedQ >= report.choice.lowerBound!,
        asLowAs: report.reliability!.qualityAsLowAs,
      };
    });
    console.log(
      `n=${size} ${task.padEnd(10)} q ${three(mean(rows.map((r) => r.q)))} (min ${three(Math.min(...rows.map((r) => r.q)))}), ` +
        `expected q ${three(mean(rows.map((r) => r.expectedQ)))} (min ${three(Math.min(...rows.map((r) => r.expectedQ)))}), ` +
        `saved ${(100 * mean(rows.map((r) => r.saved))).toFixed(1)} %, q ≥ ${TARGET}: ${rows.filter((r) => r.q >= TARGET).length}/${rows.length}; ` +
        `"as low as" ${three(mean(rows.map((r) => r.asLowAs)))} held ${rows.filter((r) => r.asLowAsHeld).length}/${rows.length}, ` +
        `paired bound held ${rows.filter((r) => r.boundHeld).length}/${rows.length}`,
    );
  }
