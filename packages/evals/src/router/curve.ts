// The learned routing policies and their accuracy/cost curves. Both send an item to the cheapest route
// whose score is at least the threshold, else to the strongest route; they differ in the score:
// - "chance": the route's predicted chance of passing;
// - "gap": 1 − the expected quality lost against the strongest route, 1 − max(0, P(strongest passes) −
//   P(route passes)). A request both models fail (or both pass) loses nothing when sent cheap, which the
//   chance alone cannot see: it sends every hopeless request to the dearest model.
// Evaluated on out-of-fold predictions, so every point of a curve is measured on items the model did not
// train on.

export interface RouteOutcome {
  /** Share of the item's scored repeats that passed, 0..1. */
  passed: number;
  costUsd: number;
}

export interface CurvePoint {
  threshold: number;
  accuracy: number;
  costPerItemUsd: number;
  /** Route key → share of items sent there. */
  share: Record<string, number>;
  /** Accuracy ÷ the strongest route's accuracy on the same items (absent in reports made before it). */
  qualityVsBest?: number;
  /**
   * Standard error of `qualityVsBest`, paired: every item is scored on both the policy's route and the
   * strongest, so their shared luck cancels (delta method on the ratio of two means).
   */
  qualityStdError?: number;
}

export interface SingleModelPoint {
  key: string;
  label: string;
  accuracy: number;
  costPerItemUsd: number;
}

export const ROUTING_POLICIES = ["chance", "gap"] as const;
export type RoutingPolicy = (typeof ROUTING_POLICIES)[number];

/**
 * Each route's score under the policy, from its predicted chances (cheapest route first). "gap": 1 − the
 * expected loss against the strongest route, clipped at 1 (a route predicted to beat the strongest loses
 * nothing); the strongest route scores 1. Thresholds stay on 0…1.01 for both policies.
 */
export function policyScores(chances: ArrayLike<number>, strongest: number, policy: RoutingPolicy): ArrayLike<number> {
  if (policy === "chance") return chances;
  const best = chances[strongest]!;
  const scores = new Float64Array(chances.length);
  for (let r = 0; r < chances.length; r++) scores[r] = 1 - Math.max(0, best - chances[r]!);
  return scores;
}

/** The index of the route the policy picks from its scores: routes are ordered cheapest first. */
export function pickRoute(scores: ArrayLike<number>, threshold: number, strongest: number): number {
  for (let r = 0; r < scores.length; r++) if (scores[r]! >= threshold) return r;
  return strongest;
}

export function singleModels(routes: { key: string; label: string }[], outcomes: RouteOutcome[][]): SingleModelPoint[] {
  return routes.map((route, r) => ({
    key: route.key,
    label: route.label,
    accuracy: mean(outcomes.map((item) => item[r]!.passed)),
    costPerItemUsd: mean(outcomes.map((item) => item[r]!.costUsd)),
  }));
}

/** Best quality, and of equally good ones the cheapest: where an unsure router sends a request. */
export function strongestRoute(singles: SingleModelPoint[]): number {
  let best = 0;
  singles.forEach((single, r) => {
    const current = singles[best]!;
    if (single.accuracy > current.accuracy || (single.accuracy === current.accuracy && single.costPerItemUsd < current.costPerItemUsd))
      best = r;
  });
  return best;
}

export const THRESHOLDS = Array.from({ length: 102 }, (_, i) => Math.round(i) / 100); // 0.00 … 1.01 (1.01 = never trust a prediction)

/** A curve point of the policy whose per-item route scores are `chances` (policyScores of the chances). */
export function policyPoint(
  routeKeys: string[],
  chances: ArrayLike<number>[],
  outcomes: RouteOutcome[][],
  threshold: number,
  strongest: number,
): CurvePoint {
  const counts = new Array<number>(routeKeys.length).fill(0);
  let passed = 0;
  let cost = 0;
  // sums for the paired ratio: policy passes r, strongest passes s
  let best = 0;
  let rr = 0;
  let ss = 0;
  let rs = 0;
  chances.forEach((itemChances, i) => {
    const r = pickRoute(itemChances, threshold, strongest);
    counts[r]!++;
    const [routed, strong] = [outcomes[i]![r]!.passed, outcomes[i]![strongest]!.passed];
    passed += routed;
    best += strong;
    rr += routed * routed;
    ss += strong * strong;
    rs += routed * strong;
    cost += outcomes[i]![r]!.costUsd;
  });
  const n = chances.length || 1;
  const quality = pairedQuality({ n, passed, best, rr, ss, rs });
  return {
    threshold,
    accuracy: passed / n,
    costPerItemUsd: cost / n,
    share: Object.fromEntries(routeKeys.map((key, r) => [key, counts[r]! / n])),
    qualityVsBest: quality.ratio,
    qualityStdError: quality.stdError,
  };
}

/**
 * Quality of a policy (passes r) relative to the strongest route (passes s) on the same n items, from the
 * sums Σr, Σs, Σr², Σs², Σrs: the ratio R = Σr / Σs and its standard error by the delta method, from
 * Var(r − R·s) (whose mean is zero by construction) ÷ n ÷ mean(s)².
 */
export function pairedQuality(sums: { n: number; passed: number; best: number; rr: number; ss: number; rs: number }) {
  const { n, passed, best, rr, ss, rs } = sums;
  if (best <= 0) return { ratio: 0, stdError: 0 };
  const ratio = passed / best;
  const residual = Math.max(0, (rr - 2 * ratio * rs + ratio * ratio * ss) / n);
  return { ratio, stdError: Math.sqrt(residual / n) / (best / n) };
}

export interface Choice {
  chosen: CurvePoint;
  /** The quality the chosen point had to reach: qualityTarget × the best single model's accuracy. */
  targetAccuracy: number;
  /** The chosen point's lower confidence bound of quality ÷ the best single model's (absent in older reports). */
  lowerBound?: number;
  /** 1 − chosen cost / the best single model's cost. */
  costSaved: number;
  /** False when some single model reaches the target for no more than the router costs. */
  beatsSingleModels: boolean;
  cheapestSingleAtTarget: string;
}

/**
 * The cheapest curve point whose quality relative to the best single model is at least qualityTarget
 * with `margin` standard errors to spare: the lower confidence bound of the paired ratio must clear the
 * target, not the estimate (a cross-validated quality is an estimate, and a threshold chosen right at
 * the target misses it on new traffic about half the time; 1.645 is a one-sided 95 % bound).
 */
export function chooseThreshold(
  curve: CurvePoint[],
  singles: SingleModelPoint[],
  strongest: number,
  qualityTarget: number,
  { margin = 0 }: { margin?: number } = {},
): Choice {
  const best = singles[strongest]!;
  const targetAccuracy = qualityTarget * best.accuracy;
  const lowerBound = (point: CurvePoint) =>
    (point.qualityVsBest ?? point.accuracy / (best.accuracy || 1)) - margin * (point.qualityStdError ?? 0);
  // the all-strongest end of the curve always qualifies: it is the best single model itself
  const last = curve.reduce((a, b) => (b.threshold > a.threshold ? b : a));
  const eligible = curve.filter((point) => point === last || lowerBound(point) >= qualityTarget - 1e-12);
  const chosen = eligible.reduce((a, b) =>
    b.costPerItemUsd < a.costPerItemUsd || (b.costPerItemUsd === a.costPerItemUsd && b.accuracy > a.accuracy) ? b : a,
  );
  const singlesAtTarget = singles.filter((single) => single.accuracy >= targetAccuracy - 1e-12);
  const cheapestSingle = singlesAtTarget.reduce((a, b) => (b.costPerItemUsd < a.costPerItemUsd ? b : a), best);
  return {
    chosen,
    targetAccuracy,
    lowerBound: lowerBound(chosen),
    costSaved: best.costPerItemUsd > 0 ? 1 - chosen.costPerItemUsd / best.costPerItemUsd : 0,
    beatsSingleModels: chosen.costPerItemUsd < cheapestSingle.costPerItemUsd - 1e-15,
    cheapestSingleAtTarget: cheapestSingle.key,
  };
}

/**
 * The chosen threshold moved to the middle of its gap: every threshold above the highest score below it
 * and up to the lowest score at or above it routes the measured items alike, so the curve cannot tell
 * them apart, and the cheapest-first choice lands on the gap's lower edge, just above the items that
 * needed a stronger route: a new request a little more like them than any of them tips over to the
 * cheaper one. On a large set the gap is a sliver between two neighbouring items (nothing moves); on a
 * small eval it is wide (40 capitals questions: out-of-fold 0.05 for the hard ones, 0.95 for the easy,
 * chosen 0.05 and a reworded hard question served 0.0524). The middle is taken on the logit scale, where
 * a chance's distance from 0.05 and from 0.95 weigh alike. Thresholds that route everything to the
 * strongest route (above every score) or the cheapest (0, below every score) stay where they are.
 */
export function centreThreshold(scores: ArrayLike<number>[], threshold: number, strongest: number): number {
  let below = -Infinity;
  let above = Infinity;
  for (const itemScores of scores)
    for (let r = 0; r < itemScores.length; r++) {
      // the strongest route is also the fallback: its own score decides nothing unless a route follows it
      if (r === strongest && r === itemScores.length - 1) continue;
      const score = itemScores[r]!;
      if (score < threshold) below = Math.max(below, score);
      else above = Math.min(above, score);
    }
  if (threshold > 1 || !Number.isFinite(below) || !Number.isFinite(above)) return threshold;
  const middle = Math.round(sigmoid((logit(below) + logit(above)) / 2) * 1e6) / 1e6;
  // a gap narrower than the rounding keeps what was chosen
  return middle > below && middle <= above ? middle : threshold;
}

const logit = (p: number) => {
  const q = Math.min(1 - 1e-9, Math.max(1e-9, p));
  return Math.log(q / (1 - q));
};
const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

function mean(values: number[]): number {
  return values.length ? values.reduce((a, b) => a + b, 0) / values.length : 0;
}
