// What an eval run stores when it finishes and what its pages show while it runs: one shape.
import type { Score } from "./evaluators";
import { paretoFrontier, variantStats, type ResultRow, type VariantStats } from "./stats";

/** The `scores` column of a result. */
export interface StoredScores {
  score: number | null;
  evaluators: Score[];
}

export interface EvalSummary {
  stats: VariantStats[];
  frontier: string[];
}

export function toResultRow(result: {
  datasetItemId: string;
  variantKey: string;
  scores: unknown;
  passed: boolean | null;
  costUsd: number;
  latencyMs: number | null;
  error: string | null;
}): ResultRow {
  return {
    datasetItemId: result.datasetItemId,
    variantKey: result.variantKey,
    score: (result.scores as StoredScores | null)?.score ?? null,
    passed: result.passed ?? false,
    costUsd: result.costUsd,
    latencyMs: result.latencyMs,
    error: result.error,
  };
}

export function summarize(variants: { key: string; label: string }[], rows: ResultRow[]): EvalSummary {
  const stats = variantStats(variants, rows);
  return { stats, frontier: paretoFrontier(stats.filter((stat) => stat.items > 0)) };
}
