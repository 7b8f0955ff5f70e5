"use client";
// Semantic similarity: the cosine of output and expected answer, with the workspace's embedding model.
import { evaluatorLabels } from "@switchyard/evals";
import Link from "next/link";
import type { EvaluatorChoice } from "./evaluator-choice";
import { Input } from "@/components/ui/input";

export function SimilarityCard({
  choice,
  workspaceId,
  embeddingModel,
}: {
  choice: EvaluatorChoice;
  workspaceId: string;
  embeddingModel: string | null;
}) {
  const similarity = choice.find("semantic_similarity");
  return (
    <div className="flex items-center gap-2">
      <input
        type="checkbox"
        aria-label={evaluatorLabels.semantic_similarity}
        checked={Boolean(similarity)}
        disabled={!embeddingModel}
        onChange={() => choice.toggle("semantic_similarity", () => ({ id: "similarity", kind: "semantic_similarity", threshold: 0.8 }))}
      />
      <span className={embeddingModel ? undefined : "text-zinc-400"}>{evaluatorLabels.semantic_similarity} at least</span>
      <Input
        aria-label="Similarity threshold"
        type="number"
        step="0.05"
        min={0}
        max={1}
        className="w-28"
        value={similarity?.threshold ?? 0.8}
        disabled={!similarity}
        onChange={(event) => choice.update("semantic_similarity", { threshold: Number(event.target.value) })}
      />
      {embeddingModel ? (
        <span className="text-xs text-zinc-500">cosine of output and expected, embedded with {embeddingModel}</span>
      ) : (
        <span className="text-xs text-zinc-500">
          needs an embedding model:{" "}
          <Link className="text-indigo-600 hover:underline" href={`/w/${workspaceId}/settings`}>
            set one in Settings
          </Link>
        </span>
      )}
    </div>
  );
}
