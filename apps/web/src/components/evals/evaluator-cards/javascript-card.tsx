"use client";
// JavaScript assertion: user code run in the sandbox, returning true/false or a 0–1 score.
import { evaluatorLabels } from "@switchyard/evals";
import { textarea, type EvaluatorChoice } from "./evaluator-choice";

export function JavascriptCard({ choice }: { choice: EvaluatorChoice }) {
  const assertion = choice.find("javascript");
  return (
    <div className="flex flex-col gap-2 rounded-lg border border-zinc-200 p-3">
      <label className="flex items-center gap-2">
        <input
          type="checkbox"
          checked={Boolean(assertion)}
          onChange={() =>
            choice.toggle("javascript", () => ({ id: "js", kind: "javascript", code: "return input.output.includes(input.expected);" }))
          }
        />
        {evaluatorLabels.javascript}{" "}
        <span className="text-xs text-zinc-500">
          runs sandboxed with input = {"{"} input, expected, output {"}"}; returns true/false or a 0–1 score
        </span>
      </label>
      {assertion && (
        <textarea
          aria-label="Assertion code"
          className={`${textarea} font-mono`}
          value={assertion.code}
          onChange={(event) => choice.update("javascript", { code: event.target.value })}
        />
      )}
    </div>
  );
}
