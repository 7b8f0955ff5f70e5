"use client";
// Exact match, contains and valid JSON: a checkbox each, nothing to configure.
import { evaluatorLabels, type Evaluator } from "@switchyard/evals";
import type { EvaluatorChoice } from "./evaluator-choice";

const kinds = ["exact_match", "contains", "json"] as const;

export function TextCheckCards({ choice }: { choice: EvaluatorChoice }) {
  return kinds.map((kind) => (
    <label key={kind} className="flex items-center gap-2">
      <input
        type="checkbox"
        checked={Boolean(choice.find(kind))}
        onChange={() => choice.toggle(kind, () => ({ id: kind.replace("_", "-"), kind, caseSensitive: false }) as Evaluator)}
      />
      {evaluatorLabels[kind]}
      <span className="text-xs text-zinc-500">{kind === "json" ? "the output parses as JSON" : "against the expected value"}</span>
    </label>
  ));
}
