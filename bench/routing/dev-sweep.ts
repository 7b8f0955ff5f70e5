// Development sweep for the learner, on seeds other than bench:routing's (train 101…, test 201…), so
// settings are compared without looking at the benchmark's own draws. Each variant is a LearnOptions
// object; per task and seed it prints the test draw's share of the strong model's accuracy (q, and the
// expected q from the models' true chances on the same items, free of the draw's right/wrong luck) and
// the cost saved at the threshold cross-validation chose, the best saving of the learner's ranking in
// hindsight and the text-visible ceiling; and the same for learned + cascade (lines learned by CV).
//   node --import tsx bench/routing/dev-sweep.ts '{"base":{},"item folds":{"grouping":"item"}}'
//   SEEDS=101,102,103 … to change the seeds; TASKS=arithmetic,support,code to choose tasks
import type { LearnOptions } from "@switchyard/evals";
import { evaluateSeed, mean } from "./evaluate";
import { makeTask } from "./task";
import { makeCodeTask } from "./task-code";
import { makeSupportTask } from "./task-support";
import { makeHelpdeskTask } from "./task-helpdesk";

const makers = { arithmetic: makeTask, support: makeSupportTask, code: makeCodeTask, helpdesk: makeHelpdeskTask };
const tasks = (process.env.TASKS ?? "arithmetic,support,code").split(",") as (keyof typeof makers)[];
const variants: Record<string, LearnOptions> = JSON.parse(process.argv[2] ?? '{"defaults":{}}');
const seeds = (process.env.SEEDS ?? "101,102,103,104,105").split(",").map(Number);
const f = (x: number) => x.toFixed(3);
const verify = process.env.VERIFY !== "0";

for (const [name, options] of Object.entries(variants))
  for (const task of tasks) {
    const rows = seeds.map((seed) => evaluateSeed(makers[task], seed, seed + 100, options, { learnVerifyLine: verify }));
    const line = (label: string, pick: (row: (typeof rows)[number]) => { quality: number; expectedQuality: number; saved: number }) => {
      const picked = rows.map(pick);
      console.log(
        `${name} ${task} ${label}`.padEnd(36),
        picked.map((p) => `${f(p.quality)}/${f(p.expectedQuality)}/${f(p.saved)}`).join(" "),
        `| q mean ${f(mean(picked.map((p) => p.quality)))} min ${f(Math.min(...picked.map((p) => p.quality)))}`,
        `E[q] mean ${f(mean(picked.map((p) => p.expectedQuality)))} min ${f(Math.min(...picked.map((p) => p.expectedQuality)))}`,
        `saved mean ${f(mean(picked.map((p) => p.saved)))} min ${f(Math.min(...picked.map((p) => p.saved)))}`,
      );
    };
    line("learned", (row) => row.test);
    line("hybrid", (row) => row.hybrid!);
    console.log(
      `${name} ${task} cv`.padEnd(36),
      rows.map((row) => `${f(row.cv.quality)}/${f(row.cv.lowerBound)}/${f(row.cv.saved)}`).join(" "),
      `| hindsight ${f(mean(rows.map((r) => r.ceilings.learnerHindsight)))} visible ${f(mean(rows.map((r) => r.ceilings.textVisible)))} true ${f(mean(rows.map((r) => r.ceilings.trueChances)))}`,
      `cascade q ${f(mean(rows.map((r) => r.cascade.quality)))} saved ${f(mean(rows.map((r) => r.cascade.saved)))} train ms ${Math.round(mean(rows.map((r) => r.trainMs)))}`,
    );
  }
