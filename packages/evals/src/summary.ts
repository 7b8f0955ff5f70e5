// What an eval run stores when it finishes and what its pages show while it runs: one shape.
import type { Score } from "./evaluators";
import { paretoFrontier, variantStats, type ResultRow, type VariantStats } from "./stats";

/** The `scores` column of a result. */
export interface StoredScores {
  score: number | null;
  /** The quality evaluators. */
  evaluators: Score[];
  /** Latency and cost checks (absent on results stored before they were kept apart). */
  checks?: Score[];
}

export interface EvalSummary {
  stats: VariantStats[];
  frontier: string[];
}

export function toResultRow(result: {
  datasetItemId: string;
  variantKey: string;
  repeat?: number;
  scores: unknown;
  passed: boolean | null;
  costUsd: number;
  latencyMs: number | null;
  error: string | null;
}): ResultRow {
  const scores = result.scores as StoredScores | null;
  return {
    datasetItemId: result.datasetItemId,
    variantKey: result.variantKey,
    repeat: result.repeat ?? 0,
    score: scores?.score ?? null,
    // null: nothing measured it (`isMeasured` tells from the score); never read as a pass
    passed: result.passed ?? false,
    costUsd: result.costUsd,
    latencyMs: result.latencyMs,
    error: result.error,
    checks: scores?.checks?.map((check) => ({ evaluatorId: check.evaluatorId, passed: check.passed })),
    evaluatorScores: scores?.evaluators.map((entry) => ({
      evaluatorId: entry.evaluatorId,
      score: entry.skipped ? null : entry.score,
      passed: entry.passed,
    })),
  };
}

export function summarize(variants: { key: string; label: string }[], rows: ResultRow[]): EvalSummary {
  const stats = variantStats(variants, rows);
  return { stats, frontier: paretoFrontier(stats.filter((stat) => stat.items > 0)) };
}

/** A summary stored before intervals existed has to be computed again from the results. */
export const hasIntervals = (summary: EvalSummary) =>
  summary.stats.every(
    // a summary stored before unmeasured items were kept apart may count them as passed: compute it again
    (stat) => Array.isArray(stat.scoreInterval) && Array.isArray(stat.evaluators) && typeof stat.unmeasured === "number",
  );
