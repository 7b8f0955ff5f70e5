// Per-variant statistics (with 95 % intervals), the quality-vs-cost Pareto frontier and disagreements.
// A variant's unit of evidence is the item: its repeats are averaged into one score first.
import { bootstrapInterval, mean, wilsonInterval, type Interval } from "./intervals";
import type { ItemScores } from "./paired";

export interface ResultRow {
  datasetItemId: string;
  variantKey: string;
  /** Which run of the item × variant this is (0-based); every repeat is one row. */
  repeat: number;
  /** Mean quality score; null when the item errored or nothing was scored (see `isMeasured`). */
  score: number | null;
  passed: boolean;
  costUsd: number;
  latencyMs: number | null;
  error: string | null;
  /** Latency and cost checks, kept apart from the quality score. */
  checks?: { evaluatorId: string; passed: boolean }[];
  /** Each quality evaluator's score; null when it did not apply to the item. */
  evaluatorScores?: { evaluatorId: string; score: number | null; passed?: boolean }[];
}

/** One quality evaluator's mean over a variant's items, with its 95 % interval (kept when a run has several evaluators). */
export interface EvaluatorStats {
  evaluatorId: string;
  /** Items it applied to. */
  items: number;
  meanScore: number;
  scoreInterval: Interval;
}

export interface VariantStats {
  variantKey: string;
  label: string;
  /** Items measured at least once: the unit of every statistic below. */
  items: number;
  /** Items with results but no measured score (every evaluator skipped them): in no mean, rate or interval. */
  unmeasured: number;
  /** Result rows: items × repeats. */
  runs: number;
  errors: number;
  meanScore: number;
  scoreInterval: Interval;
  /** Mean over items of the share of repeats that passed. */
  passRate: number;
  passRateInterval: Interval;
  /** Pass rate of each latency or cost check over all runs. */
  checks: { evaluatorId: string; passRate: number }[];
  /** Each quality evaluator on its own (absent from summaries stored before they were kept). */
  evaluators?: EvaluatorStats[];
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

/**
 * A run was measured when it errored (it scores 0 and fails) or some evaluator scored it. A run every
 * evaluator skipped (a retrieval metric on an item naming no expected source) says nothing about the
 * variant: counting it as passed — or as failed, or as 0 — would move the statistics with no evidence.
 */
export const isMeasured = (row: Pick<ResultRow, "error" | "score">) => row.error !== null || row.score !== null;

/**
 * Each variant's items: the mean score of the item's measured repeats and the share of them that
 * passed. An item none of whose repeats was measured is left out.
 */
export function itemScores(rows: ResultRow[]): Map<string, Map<string, { score: number; passFraction: number; runs: number }>> {
  const sums = new Map<string, Map<string, { score: number; passed: number; runs: number }>>();
  for (const row of rows) {
    if (!isMeasured(row)) continue;
    const items = sums.get(row.variantKey) ?? new Map<string, { score: number; passed: number; runs: number }>();
    sums.set(row.variantKey, items);
    const item = items.get(row.datasetItemId) ?? { score: 0, passed: 0, runs: 0 };
    items.set(row.datasetItemId, item);
    // an errored run scores 0: a variant must not look better by failing its hard items
    item.score += row.score ?? 0;
    item.passed += row.passed ? 1 : 0;
    item.runs++;
  }
  return new Map(
    [...sums].map(([variantKey, items]) => [
      variantKey,
      new Map(
        [...items].map(([itemId, item]) => [
          itemId,
          { score: item.score / item.runs, passFraction: item.passed / item.runs, runs: item.runs },
        ]),
      ),
    ]),
  );
}

function checkRates(rows: ResultRow[]): VariantStats["checks"] {
  const counts = new Map<string, { passed: number; runs: number }>();
  for (const check of rows.flatMap((row) => row.checks ?? [])) {
    const count = counts.get(check.evaluatorId) ?? { passed: 0, runs: 0 };
    count.passed += check.passed ? 1 : 0;
    count.runs++;
    counts.set(check.evaluatorId, count);
  }
  return [...counts].map(([evaluatorId, count]) => ({ evaluatorId, passRate: count.passed / count.runs }));
}

/**
 * The rows as one quality evaluator scored them, for its own statistics and paired comparisons: the
 * rows it applied to, and errored runs scored 0 (as they are overall).
 */
export function rowsForEvaluator(rows: ResultRow[], evaluatorId: string): ResultRow[] {
  return rows.flatMap((row) => {
    if (row.error !== null) return [{ ...row, score: 0, passed: false }];
    const entry = row.evaluatorScores?.find((candidate) => candidate.evaluatorId === evaluatorId);
    if (!entry || entry.score === null) return [];
    return [{ ...row, score: entry.score, passed: entry.passed ?? entry.score >= 1 }];
  });
}

/** The quality evaluators the rows were scored by, in the order they first appear. */
export const evaluatorIds = (rows: ResultRow[]) => [
  ...new Set(rows.flatMap((row) => (row.evaluatorScores ?? []).map((entry) => entry.evaluatorId))),
];

/** Per evaluator, over one variant's rows: the items it applied to, each the mean of its repeats, bootstrapped like the overall score. */
export function evaluatorStats(rows: ResultRow[]): EvaluatorStats[] {
  const ids = evaluatorIds(rows);
  // one evaluator is the overall score already: no second bootstrap for it
  if (ids.length < 2) return [];
  return ids.map((evaluatorId) => {
    // the rows are one variant's: one map of items
    const byVariant = itemScores(rowsForEvaluator(rows, evaluatorId));
    const scores = [...byVariant.values()].flatMap((items) => [...items.values()].map((item) => item.score));
    return { evaluatorId, items: scores.length, meanScore: mean(scores), scoreInterval: bootstrapInterval(scores) };
  });
}

export function variantStats(variants: { key: string; label: string }[], rows: ResultRow[]): VariantStats[] {
  const byVariant = itemScores(rows);
  return variants.map(({ key, label }) => {
    const mine = rows.filter((row) => row.variantKey === key);
    const items: ItemScores = byVariant.get(key) ?? new Map();
    const unmeasured = new Set(mine.map((row) => row.datasetItemId).filter((itemId) => !items.has(itemId))).size;
    const scores = [...items.values()].map((item) => item.score);
    const passFractions = [...items.values()].map((item) => item.passFraction);
    const latencies = mine.flatMap((row) => (row.latencyMs === null ? [] : [row.latencyMs])).sort((a, b) => a - b);
    const totalCostUsd = mine.reduce((sum, row) => sum + row.costUsd, 0);
    const passRate = mean(passFractions);
    return {
      variantKey: key,
      label,
      items: items.size,
      unmeasured,
      runs: mine.length,
      errors: mine.filter((row) => row.error !== null).length,
      meanScore: mean(scores),
      scoreInterval: bootstrapInterval(scores),
      passRate,
      passRateInterval: wilsonInterval(passRate, items.size),
      checks: checkRates(mine),
      evaluators: evaluatorStats(mine),
      totalCostUsd,
      // per item and run: what one answer costs, whatever the number of repeats
      costPerItemUsd: mine.length ? totalCostUsd / mine.length : 0,
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

/** Items where the variants disagree: some passed and some did not (in any measured repeat). */
export function disagreements(rows: ResultRow[]): Set<string> {
  const byItem = new Map<string, Set<boolean>>();
  for (const row of rows) {
    if (!isMeasured(row)) continue;
    const seen = byItem.get(row.datasetItemId) ?? new Set<boolean>();
    seen.add(row.passed);
    byItem.set(row.datasetItemId, seen);
  }
  return new Set([...byItem].filter(([, seen]) => seen.size > 1).map(([itemId]) => itemId));
}
