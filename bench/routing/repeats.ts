// An eval run of a benchmark task's training draw with repeats, as the product stores it: each item
// answered R times by each simulated model (a right answer, or one of five plausible slips, so two wrong
// answers sometimes agree, as in the cascade of hybrid.ts). Shared by from-repeats.ts and
// verify-noise.ts.
import { seededRandom, type EvalRunForRouter } from "@switchyard/evals";
import type { TaskItem } from "./task";

export const variants = [
  { key: "strong", label: "strong model", overrides: { llm: { model: "strong" } } },
  { key: "cheap", label: "cheap model", overrides: { llm: { model: "cheap" } } },
];

/** An eval run of the training draw with `repeats` answers per item and model. */
export function evalRunOf(train: TaskItem[], repeats: number, seed: number): EvalRunForRouter {
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
