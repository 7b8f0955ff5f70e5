// The learned routing policy and its accuracy/cost curve: send each item to the cheapest route whose
// predicted chance of passing is at least the threshold, else to the strongest route. Evaluated on
// out-of-fold predictions, so every point of the curve is measured on items the model did not train on.

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
}

export interface SingleModelPoint {
  key: string;
  label: string;
  accuracy: number;
  costPerItemUsd: number;
}

/** The index of the route the policy picks: routes are ordered cheapest first. */
export function pickRoute(chances: ArrayLike<number>, threshold: number, strongest: number): number {
  for (let r = 0; r < chances.length; r++) if (chances[r]! >= threshold) return r;
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

export function policyPoint(
  routeKeys: string[],
  chances: Float64Array[],
  outcomes: RouteOutcome[][],
  threshold: number,
  strongest: number,
): CurvePoint {
  const counts = new Array<number>(routeKeys.length).fill(0);
  let passed = 0;
  let cost = 0;
  chances.forEach((itemChances, i) => {
    const r = pickRoute(itemChances, threshold, strongest);
    counts[r]!++;
    passed += outcomes[i]![r]!.passed;
    cost += outcomes[i]![r]!.costUsd;
  });
  const n = chances.length || 1;
  return {
    threshold,
    accuracy: passed / n,
    costPerItemUsd: cost / n,
    share: Object.fromEntries(routeKeys.map((key, r) => [key, counts[r]! / n])),
  };
}

export interface Choice {
  chosen: CurvePoint;
  /** The quality the chosen point had to reach: qualityTarget × the best single model's accuracy. */
  targetAccuracy: number;
  /** 1 − chosen cost / the best single model's cost. */
  costSaved: number;
  /** False when some single model reaches the target for no more than the router costs. */
  beatsSingleModels: boolean;
  cheapestSingleAtTarget: string;
}

/**
 * The cheapest curve point at ≥ qualityTarget of the best single model's accuracy. With `items`, a point
 * must clear the target by `margin` standard errors of its accuracy: a cross-validated accuracy is an
 * estimate, and a threshold chosen right at the target misses it on new traffic about half the time.
 */
export function chooseThreshold(
  curve: CurvePoint[],
  singles: SingleModelPoint[],
  strongest: number,
  qualityTarget: number,
  { items = Infinity, margin = 0 }: { items?: number; margin?: number } = {},
): Choice {
  const best = singles[strongest]!;
  const targetAccuracy = qualityTarget * best.accuracy;
  const lowerBound = (point: CurvePoint) => point.accuracy - margin * Math.sqrt((point.accuracy * (1 - point.accuracy)) / items);
  // the all-strongest end of the curve always qualifies: it is the best single model itself
  const eligible = curve.filter((point, i) => i === curve.length - 1 || lowerBound(point) >= targetAccuracy - 1e-12);
  const chosen = eligible.reduce((a, b) =>
    b.costPerItemUsd < a.costPerItemUsd || (b.costPerItemUsd === a.costPerItemUsd && b.accuracy > a.accuracy) ? b : a,
  );
  const singlesAtTarget = singles.filter((single) => single.accuracy >= targetAccuracy - 1e-12);
  const cheapestSingle = singlesAtTarget.reduce((a, b) => (b.costPerItemUsd < a.costPerItemUsd ? b : a), best);
  return {
    chosen,
    targetAccuracy,
    costSaved: best.costPerItemUsd > 0 ? 1 - chosen.costPerItemUsd / best.costPerItemUsd : 0,
    beatsSingleModels: chosen.costPerItemUsd < cheapestSingle.costPerItemUsd - 1e-15,
    cheapestSingleAtTarget: cheapestSingle.key,
  };
}

function mean(values: number[]): number {
  return values.length ? values.reduce((a, b) => a + b, 0) / values.length : 0;
}
