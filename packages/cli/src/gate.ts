// The checks that decide the exit code: thresholds per variant, and the baseline comparison.
import { compareWithBaseline, type BaselineComparison } from "@switchyard/evals";
import type { ResultView, VariantSummary } from "./api";

export interface Check {
  variant: string;
  name: string;
  passed: boolean;
  detail: string;
}

const pct = (value: number) => `${(value * 100).toFixed(1)}%`;

/** One check per variant and threshold given: its value must reach the limit. */
export function thresholdChecks(stats: VariantSummary[], limits: { minScore?: number; minPassRate?: number }): Check[] {
  const gates = [
    { name: "min-score", what: "mean score", limit: limits.minScore, value: (stat: VariantSummary) => stat.meanScore },
    { name: "min-pass-rate", what: "pass rate", limit: limits.minPassRate, value: (stat: VariantSummary) => stat.passRate },
  ];
  return stats.flatMap((stat) =>
    gates.flatMap(({ name, what, limit, value }) =>
      limit === undefined
        ? []
        : [{ variant: stat.label, name, passed: value(stat) >= limit, detail: `${what} ${pct(value(stat))} (minimum ${pct(limit)})` }],
    ),
  );
}

const itemScores = (results: ResultView[], variantKey: string) =>
  results
    .filter((result) => result.variantKey === variantKey)
    .map((result) => ({ input: String(result.datasetItem.input), score: result.error ? null : (result.scores?.score ?? null) }));

/** Each variant against the baseline's variant of the same key (or its only variant). */
export function baselineChecks(
  variants: { key: string; label: string }[],
  current: ResultView[],
  baseline: { id: string; variants: { key: string }[]; results: ResultView[] },
): (Check & { comparison: BaselineComparison })[] {
  return variants.flatMap((variant) => {
    const match =
      baseline.variants.find((candidate) => candidate.key === variant.key) ??
      (baseline.variants.length === 1 ? baseline.variants[0] : undefined);
    if (!match) return [];
    const comparison = compareWithBaseline(itemScores(baseline.results, match.key), itemScores(current, variant.key));
    const change = `${comparison.better} items better, ${comparison.worse} worse of ${comparison.shared} shared (mean ${comparison.meanDelta >= 0 ? "+" : ""}${(comparison.meanDelta * 100).toFixed(1)} points, sign test p = ${comparison.pValue.toPrecision(2)})`;
    return [
      {
        variant: variant.label,
        name: `baseline ${baseline.id}`,
        passed: !comparison.significantlyWorse,
        detail: comparison.significantlyWorse ? `significantly worse than the baseline: ${change}` : change,
        comparison,
      },
    ];
  });
}
