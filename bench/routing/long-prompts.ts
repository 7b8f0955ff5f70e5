// Development check for long prompts (dev seeds only, not bench:routing's): code questions behind 2,000
// characters of context, as bench:routing times them. Per seed the router trains on TRAIN items (default
// 10,000) and is measured on 2,000 other long prompts: training time, and the same figures as the dev
// sweep (q / expected q / cost saved of the learned router and of learned + cascade, hindsight savings).
//   node --import tsx bench/routing/long-prompts.ts     (SEEDS=101,102 TRAIN=2000 OPTIONS='{…}' to change)
import { seededRandom } from "@switchyard/evals";
import { evaluateSeed } from "./evaluate";
import { makeCodeTask } from "./task-code";
import type { TaskItem } from "./task";

const contextWords = Array.from({ length: 3_000 }, (_, i) => `w${((i * 7_919) % 100_003).toString(36)}`);
export function withContext(items: TaskItem[], seed: number): TaskItem[] {
  const random = seededRandom(seed);
  const context = () => {
    let text = "";
    while (text.length < 2_000) text += `${contextWords[Math.floor(random() ** 2 * contextWords.length)]} `;
    return text;
  };
  return items.map((item) => ({ ...item, text: `${context()}\n\n${item.text}` }));
}

if (import.meta.url === `file://${process.argv[1]}`) main();
function main() {
  const seeds = (process.env.SEEDS ?? "101").split(",").map(Number);
  const trainItems = Number(process.env.TRAIN ?? 10_000);
  const f = (x: number) => x.toFixed(3);
  for (const seed of seeds) {
    // evaluateSeed draws 2,000 training items; the training draw here is TRAIN long prompts
    const make = (count: number, drawSeed: number) =>
      withContext(makeCodeTask(drawSeed === seed ? trainItems : count, drawSeed), drawSeed + 5);
    const row = evaluateSeed(make, seed, seed + 100, JSON.parse(process.env.OPTIONS ?? "{}"));
    console.log(
      `seed ${seed}/${seed + 100}, ${trainItems} items: train ${Math.round(row.trainMs)} ms`,
      `| learned q ${f(row.test.quality)} E[q] ${f(row.test.expectedQuality)} saved ${f(row.test.saved)}`,
      `| +cascade q ${f(row.hybrid!.quality)} E[q] ${f(row.hybrid!.expectedQuality)} saved ${f(row.hybrid!.saved)}`,
      `| hindsight learned ${f(row.ceilings.learnerHindsight)} visible ${f(row.ceilings.textVisible)} true ${f(row.ceilings.trueChances)}`,
    );
  }
}
