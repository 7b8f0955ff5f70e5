"use client";
// The knowledge-base metrics, offered when the flow has a Retrieve node: two judged from the passages
// the run retrieved (one judge model for both) and two computed from the items' expected sources.
import { evaluatorLabels, knowledgeEvaluatorDescriptions, type Evaluator } from "@switchyard/evals";
import type { EvaluatorChoice } from "./evaluator-choice";
import { JudgeModelFields } from "./judge-model-fields";

type JudgedKind = "faithfulness" | "context_relevance";
const judged: JudgedKind[] = ["faithfulness", "context_relevance"];
const computed = ["retrieval_hit_rate", "retrieval_mrr"] as const;

export function KnowledgeCard({ choice, credentials }: { choice: EvaluatorChoice; credentials: { id: string; name: string }[] }) {
  // the two judged metrics share one judge model: the first one chosen holds it
  const judge = judged.map((kind) => choice.find(kind)).find(Boolean) ?? { credentialId: credentials[0]?.id ?? "", model: "" };
  const setJudge = (change: { credentialId?: string; model?: string }) => judged.forEach((kind) => choice.update(kind, change));
  const make = (kind: Evaluator["kind"]) => (): Evaluator =>
    kind === "faithfulness" || kind === "context_relevance"
      ? { id: kind.replace("_", "-"), kind, credentialId: judge.credentialId, model: judge.model, passThreshold: 0.5 }
      : ({ id: kind.replace("retrieval_", "").replace("_", "-"), kind } as Evaluator);
  const row = (kind: Evaluator["kind"] & keyof typeof knowledgeEvaluatorDescriptions) => (
    <label key={kind} className="flex items-baseline gap-2">
      <input type="checkbox" checked={Boolean(choice.find(kind))} onChange={() => choice.toggle(kind, make(kind))} />
      {evaluatorLabels[kind]} <span className="text-xs text-zinc-500">{knowledgeEvaluatorDescriptions[kind]}</span>
    </label>
  );
  return (
    <div className="flex flex-col gap-2 rounded-lg border border-zinc-200 p-3" aria-label="Knowledge-base metrics" role="group">
      <div className="font-medium">Knowledge base</div>
      <p className="text-xs text-zinc-500">
        Read from the passages each run&apos;s Retrieve nodes returned (several nodes are merged by rank). Hit rate and MRR need items that
        name their expected source documents.
      </p>
      {judged.map(row)}
      {judged.some((kind) => choice.find(kind)) && (
        <div className="grid grid-cols-1 gap-2 pl-6 md:grid-cols-2">
          <JudgeModelFields
            credentials={credentials}
            value={judge}
            labels={{ provider: "Knowledge judge provider", model: "Knowledge judge model" }}
            onChange={setJudge}
          />
        </div>
      )}
      {computed.map(row)}
    </div>
  );
}
