"use client";
// LLM judge: a model scores each answer from 0 to 1 against the rubric, with its reason.
import { evaluatorLabels } from "@switchyard/evals";
import { textarea, type EvaluatorChoice } from "./evaluator-choice";
import { JudgeModelFields } from "./judge-model-fields";

export function JudgeCard({ choice, credentials }: { choice: EvaluatorChoice; credentials: { id: string; name: string }[] }) {
  const judge = choice.find("llm_judge");
  return (
    <div className="flex flex-col gap-2 rounded-lg border border-zinc-200 p-3">
      <label className="flex items-center gap-2">
        <input
          type="checkbox"
          checked={Boolean(judge)}
          onChange={() =>
            choice.toggle("llm_judge", () => ({
              id: "judge",
              kind: "llm_judge",
              credentialId: credentials[0]?.id ?? "",
              model: "",
              rubric: "Is the answer correct and helpful?",
              passThreshold: 0.5,
            }))
          }
        />
        {evaluatorLabels.llm_judge}{" "}
        <span className="text-xs text-zinc-500">a model scores each answer from 0 to 1 against your rubric, with its reason</span>
      </label>
      {judge && (
        <div className="grid grid-cols-1 gap-2 md:grid-cols-2">
          <JudgeModelFields
            credentials={credentials}
            value={judge}
            labels={{ provider: "Judge provider", model: "Judge model" }}
            onChange={(change) => choice.update("llm_judge", change)}
          />
          <textarea
            aria-label="Rubric"
            className={`${textarea} md:col-span-2`}
            value={judge.rubric}
            onChange={(event) => choice.update("llm_judge", { rubric: event.target.value })}
          />
        </div>
      )}
    </div>
  );
}
