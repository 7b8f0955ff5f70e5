// Learned + cascade: two lines on the cheapest route's predicted chance p. p ≥ verifyBelow: the cheap
// route answers unchecked; threshold ≤ p < verifyBelow: the cheap route answers and a verifier checks it,
// a rejected answer escalates to the strongest route; p < threshold: the strongest route answers. Both
// lines are chosen on out-of-fold chances and the verifier's recorded verdicts on the cheap answers, by
// the same paired lower bound as the plain threshold, so the verify line is learned, not hand-set.
import { pairedQuality, type RouteOutcome } from "./curve";

export interface VerdictRow {
  /** Share of the cheap answer's repeats the verifier accepted. */
  accepted: number;
  /** Share accepted and passing. */
  acceptedPassed: number;
  costUsd: number;
}

export interface VerifyPoint {
  threshold: number;
  verifyBelow: number;
  accuracy: number;
  costPerItemUsd: number;
  qualityVsBest: number;
  qualityStdError: number;
  lowerBound: number;
  share: { cheap: number; checked: number; strong: number };
}

/**
 * Every (threshold, verifyBelow) pair on a grid of the chances' percentiles, in O(1) each from prefix
 * sums over the items sorted by chance, and the cheapest whose lower bound reaches qualityTarget. The
 * plain router (no checked band) is one of the pairs, so this never does worse than it on the training
 * items' own estimate.
 */
export function chooseVerifyLines(
  cheapChance: ArrayLike<number>,
  /** Per item: [cheapest route, strongest route]. */
  outcomes: [RouteOutcome, RouteOutcome][],
  verdicts: VerdictRow[],
  qualityTarget: number,
  margin: number,
): { chosen: VerifyPoint; costSaved: number } {
  const n = outcomes.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => cheapChance[b]! - cheapChance[a]!);
  // prefix sums per regime over the sorted items: pass, cost, pass², pass × strong pass
  const regimes = ["cheap", "checked", "strong"] as const;
  const prefix = Object.fromEntries(regimes.map((regime) => [regime, [0, 1, 2, 3].map(() => new Float64Array(n + 1))])) as Record<
    (typeof regimes)[number],
    Float64Array[]
  >;
  let best = 0;
  let ss = 0;
  let strongCost = 0;
  order.forEach((i, k) => {
    const [cheap, strong] = outcomes[i]!;
    const verdict = verdicts[i]!;
    const s = strong.passed;
    best += s;
    ss += s * s;
    strongCost += strong.costUsd;
    const rows = {
      cheap: [cheap.passed, cheap.costUsd],
      checked: [
        verdict.acceptedPassed + (1 - verdict.accepted) * s,
        cheap.costUsd + verdict.costUsd + (1 - verdict.accepted) * strong.costUsd,
      ],
      strong: [s, strong.costUsd],
    };
    for (const regime of regimes) {
      const [r, cost] = rows[regime] as [number, number];
      const sums = prefix[regime];
      sums[0]![k + 1] = sums[0]![k]! + r;
      sums[1]![k + 1] = sums[1]![k]! + cost;
      sums[2]![k + 1] = sums[2]![k]! + r * r;
      sums[3]![k + 1] = sums[3]![k]! + r * s;
    }
  });
  const sorted = order.map((i) => cheapChance[i]!);
  /** Items with chance ≥ t: the first k of the sorted order. */
  const above = (t: number) => {
    let lo = 0;
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (sorted[mid]! >= t) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  const ascending = [...sorted].reverse();
  const lines = [
    ...new Set([0, ...Array.from({ length: 101 }, (_, q) => ascending[Math.min(n - 1, Math.floor((q / 100) * n))] ?? 0), 1.01]),
  ].sort((a, b) => a - b);
  const point = (threshold: number, verifyBelow: number): VerifyPoint => {
    const kHigh = above(verifyBelow);
    const kLow = above(threshold);
    const sum = (j: number) =>
      prefix.cheap[j]![kHigh]! +
      (prefix.checked[j]![kLow]! - prefix.checked[j]![kHigh]!) +
      (prefix.strong[j]![n]! - prefix.strong[j]![kLow]!);
    const [passed, cost, rr, rs] = [sum(0), sum(1), sum(2), sum(3)];
    const quality = pairedQuality({ n, passed, best, rr, ss, rs });
    return {
      threshold,
      verifyBelow,
      accuracy: passed / n,
      costPerItemUsd: cost / n,
      qualityVsBest: quality.ratio,
      qualityStdError: quality.stdError,
      lowerBound: quality.ratio - margin * quality.stdError,
      share: { cheap: kHigh / n, checked: (kLow - kHigh) / n, strong: (n - kLow) / n },
    };
  };
  let chosen = point(1.01, 1.01);
  for (const threshold of lines)
    for (const verifyBelow of lines) {
      if (verifyBelow < threshold) continue;
      const candidate = point(threshold, verifyBelow);
      if (candidate.lowerBound >= qualityTarget - 1e-12 && candidate.costPerItemUsd < chosen.costPerItemUsd - 1e-15) chosen = candidate;
    }
  return { chosen, costSaved: strongCost > 0 ? 1 - (chosen.costPerItemUsd * n) / strongCost : 0 };
}
