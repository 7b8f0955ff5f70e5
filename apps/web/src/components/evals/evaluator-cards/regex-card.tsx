"use client";
// Regex: the output matches a pattern (linear-time engine; the server refuses patterns it cannot run).
import { evaluatorLabels } from "@switchyard/evals";
import type { EvaluatorChoice } from "./evaluator-choice";
import { Input } from "@/components/ui/input";

export function RegexCard({ choice }: { choice: EvaluatorChoice }) {
  const regex = choice.find("regex");
  return (
    <div className="flex items-center gap-2">
      <input
        type="checkbox"
        aria-label="Regex"
        checked={Boolean(regex)}
        onChange={() => choice.toggle("regex", () => ({ id: "regex", kind: "regex", pattern: ".", flags: "i" }))}
      />
      <span>{evaluatorLabels.regex}</span>
      {regex && (
        <Input
          aria-label="Regex pattern"
          className="max-w-64 font-mono"
          value={regex.pattern}
          onChange={(event) => choice.update("regex", { pattern: event.target.value })}
        />
      )}
    </div>
  );
}
