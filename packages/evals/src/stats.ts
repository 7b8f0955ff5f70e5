// Per-variant statistics, the quality-vs-cost Pareto frontier and the plain recommendation.
export interface ResultRow {
  datasetItemId: string;
  variantKey: string;
  /** Mean evaluator score; null when the item errored or nothing was scored. */
  score: number | null;
  passed: boolean;
  costUsd: number;
  latencyMs: number | null;
  error: string | null;
}

export interface VariantStats {
  variantKey: string;
  label: string;
  items: number;
  errors: number;
  meanScore: number;
  passRate: number;
  totalCostUsd: number;
  costPerItemUsd: number;
  p50LatencyMs: number | null;
  p95LatencyMs: number | null;
}

/** Nearest-rank percentile of sorted values. */
export function percentile(sorted: number[], p: number): number | null {
  if (!sorted.length) return null;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

export function variantStats(variants: { key: string; label: string }[], rows: ResultRow[]): VariantStats[] {
  return variants.map(({ key, label }) => {
    const mine = rows.filter((row) => row.variantKey === key);
    const latencies = mine.flatMap((row) => (row.latencyMs === null ? [] : [row.latencyMs])).sort((a, b) => a - b);
    const totalCostUsd = mine.reduce((sum, row) => sum + row.costUsd, 0);
    const count = mine.length;
    return {
      variantKey: key,
      label,
      items: count,
      errors: mine.filter((row) => row.error !== null).length,
      // an errored item scores 0: a variant must not look better by failing its hard items
      meanScore: count ? mine.reduce((sum, row) => sum + (row.score ?? 0), 0) / count : 0,
      passRate: count ? mine.filter((row) => row.passed).length / count : 0,
      totalCostUsd,
      costPerItemUsd: count ? totalCostUsd / count : 0,
      p50LatencyMs: percentile(latencies, 50),
      p95LatencyMs: percentile(latencies, 95),
    };
  });
}

/** Variants no other variant beats on both axes (cheaper or equal and better or equal, one strictly). */
export function paretoFrontier(stats: Pick<VariantStats, "variantKey" | "meanScore" | "costPerItemUsd">[]): string[] {
  return stats
    .filter(
      (candidate) =>
        !stats.some(
          (other) =>
            other !== candidate &&
            other.costPerItemUsd <= candidate.costPerItemUsd &&
            other.meanScore >= candidate.meanScore &&
            (other.costPerItemUsd < candidate.costPerItemUsd || other.meanScore > candidate.meanScore),
        ),
    )
    .map((stat) => stat.variantKey);
}

export interface Recommendation {
  variantKey: string;
  label: string;
  text: string;
}

/** The cheapest variant whose mean score is within `margin` of the best one (ties: better score, then faster). */
export function recommend(stats: VariantStats[], margin: number): Recommendation | null {
  const scored = stats.filter((stat) => stat.items > 0);
  if (!scored.length) return null;
  const best = scored.reduce((top, stat) => (stat.meanScore > top.meanScore ? stat : top));
  const pick = scored
    .filter((stat) => stat.meanScore >= best.meanScore - margin - 1e-9)
    .sort(
      (a, b) =>
        a.costPerItemUsd - b.costPerItemUsd || b.meanScore - a.meanScore || (a.p50LatencyMs ?? Infinity) - (b.p50LatencyMs ?? Infinity),
    )[0]!;
  const points = (value: number) => `${Math.round(value * 1000) / 10}`;
  const text =
    pick.variantKey === best.variantKey
      ? `Use ${pick.label}: it has the best mean score (${points(pick.meanScore)}%) and nothing within ${points(margin)} points costs less.`
      : `Use ${pick.label}: its mean score (${points(pick.meanScore)}%) is within ${points(margin)} points of the best (${best.label}, ${points(best.meanScore)}%) at ${formatRatio(pick.costPerItemUsd, best.costPerItemUsd)} the cost per item.`;
  return { variantKey: pick.variantKey, label: pick.label, text };
}

function formatRatio(cost: number, bestCost: number): string {
  if (bestCost === 0) return "the same";
  return `${Math.round((cost / bestCost) * 100)}%`;
}

/** Items where the variants disagree: some passed and some did not. */
export function disagreements(rows: ResultRow[]): Set<string> {
  const byItem = new Map<string, Set<boolean>>();
  for (const row of rows) {
    const seen = byItem.get(row.datasetItemId) ?? new Set<boolean>();
    seen.add(row.passed);
    byItem.set(row.datasetItemId, seen);
  }
  return new Set([...byItem].filter(([, seen]) => seen.size > 1).map(([itemId]) => itemId));
}
