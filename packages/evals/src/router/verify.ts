// Learned + cascade: two lines on the cheapest route's predicted chance p. p ≥ verifyBelow: the cheap
// route answers unchecked; threshold ≤ p < verifyBelow: the cheap route answers and a verifier checks it,
// a rejected answer escalates to the strongest route; p < threshold: the strongest route answers. Both
// lines are chosen on out-of-fold chances and the verifier's recorded verdicts on the cheap answers, by
// the paired lower bound of the plain threshold made simultaneous over every pair searched (round 11 of
// docs/routing.md), so the verify line is learned, not hand-set.
import { pairedQuality, type RouteOutcome } from "./curve";
import { seededRandom } from "../random";

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
  /**
   * Standard errors the lower bound took off: the largest of `margin` and the simultaneous bound's
   * critical value over every pair searched (absent in reports made before it: `margin`).
   */
  margin?: number;
  share: { cheap: number; checked: number; strong: number };
}

/** Multiplier draws of the simultaneous bound's critical value (seeded: the same items give the same lines). */
const SIMULTANEOUS_DRAWS = 1_000;

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
  { simultaneous = true, draws = SIMULTANEOUS_DRAWS, seed = 0x11e5 }: { simultaneous?: boolean; draws?: number; seed?: number } = {},
): { chosen: VerifyPoint; costSaved: number; criticalValue?: number } {
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
  // per sorted item: each regime's pass and the strongest's, for the simultaneous bound's draws
  const rowPass = regimes.map(() => new Float64Array(n));
  const strongPass = new Float64Array(n);
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
    strongPass[k] = s;
    for (const [g, regime] of regimes.entries()) {
      const [r, cost] = rows[regime] as [number, number];
      rowPass[g]![k] = r;
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
  const point = (threshold: number, verifyBelow: number, bound = margin): VerifyPoint => {
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
      lowerBound: quality.ratio - bound * quality.stdError,
      margin: bound,
      share: { cheap: kHigh / n, checked: (kLow - kHigh) / n, strong: (n - kLow) / n },
    };
  };
  const pairs: VerifyPoint[] = [];
  for (const threshold of lines) for (const verifyBelow of lines) if (verifyBelow >= threshold) pairs.push(point(threshold, verifyBelow));
  // The cheapest of thousands of pairs whose bound clears the target is the one whose estimate erred
  // upwards most, so a bound that holds for each pair alone does not hold for the one picked. The
  // simultaneous bound holds for every pair searched at once (so for the one picked): its critical value
  // is the quantile, at the one-sided level `margin` stands for, of the largest standardised error over
  // the pairs, from multiplier draws (each item's residual r − R·s times a standard normal: the pairs'
  // errors keep their correlation, the nested bands share most items).
  const criticalValue = simultaneous && margin > 0 && best > 0 ? simultaneousCritical(pairs, normalCdf(margin)) : undefined;
  const bound = Math.max(margin, criticalValue ?? 0);
  let chosen = point(1.01, 1.01, bound);
  for (const pair of pairs) {
    const candidate = bound === margin ? pair : point(pair.threshold, pair.verifyBelow, bound);
    if (candidate.lowerBound >= qualityTarget - 1e-12 && candidate.costPerItemUsd < chosen.costPerItemUsd - 1e-15) chosen = candidate;
  }
  return {
    chosen,
    costSaved: strongCost > 0 ? 1 - (chosen.costPerItemUsd * n) / strongCost : 0,
    ...(criticalValue !== undefined && { criticalValue }),
  };

  function simultaneousCritical(candidates: VerifyPoint[], level: number): number {
    const bounds = candidates.filter((pair) => pair.qualityStdError > 0);
    if (!bounds.length) return 0;
    const kHigh = Int32Array.from(bounds, (pair) => Math.round(pair.share.cheap * n));
    const kLow = Int32Array.from(bounds, (pair) => Math.round((pair.share.cheap + pair.share.checked) * n));
    const scale = Float64Array.from(bounds, (pair) => pair.qualityStdError * best);
    const ratio = Float64Array.from(bounds, (pair) => pair.qualityVsBest);
    const random = seededRandom(seed);
    const weighted = regimes.map(() => new Float64Array(n + 1));
    const largest = new Float64Array(draws);
    const normals = new Float64Array(n + 1);
    for (let d = 0; d < draws; d++) {
      // Box–Muller: two standard normals from two uniforms
      for (let k = 0; k < n; k += 2) {
        const radius = Math.sqrt(-2 * Math.log(1 - random()));
        const angle = 2 * Math.PI * random();
        normals[k] = radius * Math.cos(angle);
        normals[k + 1] = radius * Math.sin(angle);
      }
      let strongWeighted = 0;
      for (let k = 0; k < n; k++) {
        const g = normals[k]!;
        strongWeighted += g * strongPass[k]!;
        for (let r = 0; r < regimes.length; r++) weighted[r]![k + 1] = weighted[r]![k]! + g * rowPass[r]![k]!;
      }
      const [cheap, checked, strong] = weighted as [Float64Array, Float64Array, Float64Array];
      let max = -Infinity;
      for (let p = 0; p < bounds.length; p++) {
        const hi = kHigh[p]!;
        const lo = kLow[p]!;
        const g = cheap[hi]! + checked[lo]! - checked[hi]! + strong[n]! - strong[lo]! - ratio[p]! * strongWeighted;
        max = Math.max(max, g / scale[p]!);
      }
      largest[d] = max;
    }
    largest.sort();
    return largest[Math.min(draws - 1, Math.ceil(level * draws) - 1)]!;
  }
}

/** Φ(x), the standard normal distribution function (Abramowitz and Stegun 7.1.26, error below 1.5e-7). */
function normalCdf(x: number): number {
  const z = Math.abs(x) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * z);
  const erf = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-z * z);
  return x >= 0 ? (1 + erf) / 2 : (1 - erf) / 2;
}
