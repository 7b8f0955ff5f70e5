// The two routing policies side by side on bench:routing's own tasks and draws: "chance" (the cheapest
// route predicted to pass with at least the threshold), "gap" (the cheapest route whose expected loss
// against the strongest is within 1 − the threshold) and "auto" (the learner's default: cross-validation
// on the training draw picks the cheaper of the two at the same lower confidence bound). Per task: the
// learned router's and learned + cascade's quality on the test draw (mean and min over the draws), cost
// saved, and the draws meeting the bar (≥ 95 % of the strong model's test accuracy and ≥ 50 % saved), and
// the hindsight ceilings of both rankings on the true chances.
//   node --import tsx bench/routing/policies.ts      (TASKS=word,trivia to choose tasks)
// Prints a table and writes bench/results/routing-policies.json.
import type { LearnOptions } from "@switchyard/evals";
import { round, writeResult } from "../support/stats";
import { evaluateSeed, mean, type SeedResult } from "./evaluate";
import { SEEDS, TASKS } from "./tasks";

const variants: Record<string, LearnOptions> = { chance: { policy: "chance" }, gap: { policy: "gap" }, auto: {} };
const tasks = process.env.TASKS ? process.env.TASKS.split(",") : Object.keys(TASKS);
const r3 = (value: number) => round(value, 3);

type Way = { quality: number; saved: number; meets: boolean };
const summarise = (ways: Way[]) => ({
  qualityMean: r3(mean(ways.map((w) => w.quality))),
  qualityMin: r3(Math.min(...ways.map((w) => w.quality))),
  savedMean: r3(mean(ways.map((w) => w.saved))),
  savedMin: r3(Math.min(...ways.map((w) => w.saved))),
  drawsAtBar: ways.filter((w) => w.meets).length,
});

const results: Record<string, unknown> = {};
for (const task of tasks) {
  const { make } = TASKS[task]!;
  const rows: Record<string, SeedResult[]> = {};
  for (const [name, options] of Object.entries(variants))
    rows[name] = SEEDS[task]!.map(([trainSeed, testSeed]) => evaluateSeed(make, trainSeed, testSeed, options));
  const perPolicy = Object.fromEntries(
    Object.entries(rows).map(([name, seeds]) => [
      name,
      {
        learned: summarise(seeds.map((row) => row.test)),
        learnedPlusCascade: summarise(seeds.map((row) => row.hybrid!)),
        policyChosen: seeds.map((row) => row.cv.policy),
      },
    ]),
  );
  const ceilingRows = rows.chance!;
  const ceilings = {
    trueChances: r3(mean(ceilingRows.map((row) => row.ceilings.trueChances))),
    trueGap: r3(mean(ceilingRows.map((row) => row.ceilings.trueGap))),
    learnedChanceRanking: r3(mean(ceilingRows.map((row) => row.ceilings.learnerHindsight))),
    learnedGapRanking: r3(mean(ceilingRows.map((row) => row.ceilings.learnerGapHindsight))),
  };
  results[task] = { perPolicy, hindsightBestCostSavedMean: ceilings };
  for (const [name, entry] of Object.entries(perPolicy))
    for (const way of ["learned", "learnedPlusCascade"] as const) {
      const s = entry[way];
      console.log(
        `${task} ${name} ${way}`.padEnd(36),
        `q ${s.qualityMean.toFixed(3)} (min ${s.qualityMin.toFixed(3)})  saved ${s.savedMean.toFixed(3)} (min ${s.savedMin.toFixed(3)})  at bar ${s.drawsAtBar}/5`,
        way === "learned" ? ` chose ${entry.policyChosen.join(" ")}` : "",
      );
    }
  console.log(`${task} ceilings`.padEnd(36), JSON.stringify(ceilings));
}
await writeResult("routing-policies", { tasks: results });
