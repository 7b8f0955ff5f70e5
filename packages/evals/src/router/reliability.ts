// How low a learned router's quality could be on new requests, in a form that stays honest on a small
// eval. The choice's paired bound (ratio − z × its standard error) collapses on a clean small set: 20
// items sent cheap that all passed have no spread, so the bound reads 100 % although 20 items cannot
// rule out a loss rate of one in ten. Here the loss among the items sent off the strongest route is
// bounded by Wilson's score interval, which does not collapse at zero observed losses.
import { pickRoute, type RouteOutcome } from "./curve";

export interface Reliability {
  /** Items the router was learned from. */
  items: number;
  /** Items it sent off the strongest route (cheap or checked) at the served lines. */
  offStrongest: number;
  /**
   * One-sided lower confidence bound (at the learner's margin, 95 % by default) of quality ÷ the strongest
   * route's: the lower of the choice's paired bound and the Wilson bound on the loss.
   */
  qualityAsLowAs: number;
}

/**
 * The served router's quality floor: `passed[i]` is what item i scores where the router sends it (for a
 * checked item, its expected pass through the check), `strongest[i]` the strongest route's score, and
 * `off[i]` whether it left the strongest route.
 */
export function qualityFloor(passed: ArrayLike<number>, strongest: ArrayLike<number>, off: ArrayLike<boolean>, z: number): number {
  let best = 0;
  let lost = 0;
  let m = 0;
  for (let i = 0; i < strongest.length; i++) {
    best += strongest[i]!;
    if (!off[i]) continue;
    m++;
    lost += strongest[i]! - passed[i]!;
  }
  if (best <= 0 || m === 0) return 1;
  const rate = Math.min(1, Math.max(0, lost / m));
  // Wilson's upper bound on a rate observed as `rate` over m trials
  const z2 = z * z;
  const upper = (rate + z2 / (2 * m) + z * Math.sqrt((rate * (1 - rate)) / m + z2 / (4 * m * m))) / (1 + z2 / m);
  return Math.max(0, 1 - (m * upper) / best);
}

/** Each item's served score, the strongest route's, and whether it left the strongest, at the served lines. */
export function servedRows(
  scores: ArrayLike<number>[],
  outcomes: RouteOutcome[][],
  strongest: number,
  threshold: number,
  verify?: { verifyBelow: number; verdicts: { accepted: number; acceptedPassed: number }[] },
) {
  const n = outcomes.length;
  const passed = new Float64Array(n);
  const best = new Float64Array(n);
  const off: boolean[] = [];
  outcomes.forEach((item, i) => {
    const s = item[strongest]!.passed;
    best[i] = s;
    const r = pickRoute(scores[i]!, threshold, strongest);
    off.push(r !== strongest);
    // learned + cascade (two routes): below the verify line the cheap answer is checked and escalates
    const verdict = verify && r === 0 && scores[i]![0]! < verify.verifyBelow ? verify.verdicts[i]! : undefined;
    passed[i] = verdict ? verdict.acceptedPassed + (1 - verdict.accepted) * s : item[r]!.passed;
  });
  return { passed, best, off };
}
