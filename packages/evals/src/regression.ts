// The CI gate's baseline rule: is a variant significantly worse than a baseline eval run on the items
// both share (matched by input)? A two-sided exact sign test over the items whose score changed:
// "worse" when more items got worse than better and p < 0.05. Simple and assumption-free; it ignores
// the size of each change (a paired bootstrap would use it) and needs about 6 changed items before
// anything can be significant.

export interface BaselineItem {
  input: string;
  /** null (the pair failed) counts as 0. */
  score: number | null;
}

export interface BaselineComparison {
  shared: number;
  better: number;
  worse: number;
  /** Mean of (current − baseline) over the shared items. */
  meanDelta: number;
  pValue: number;
  significantlyWorse: boolean;
}

function binomialTail(n: number, k: number): number {
  // P(X ≤ k) for X ~ Binomial(n, 1/2), summed in log space so large n does not overflow
  let logChoose = 0;
  let total = 0;
  for (let i = 0; i <= k; i++) {
    if (i > 0) logChoose += Math.log(n - i + 1) - Math.log(i);
    total += Math.exp(logChoose - n * Math.LN2);
  }
  return total;
}

/** Two-sided exact sign test: the probability of a split at least this uneven if changes were coin flips. */
export function signTestPValue(better: number, worse: number): number {
  const n = better + worse;
  if (!n) return 1;
  return Math.min(1, 2 * binomialTail(n, Math.min(better, worse)));
}

export function compareWithBaseline(baseline: BaselineItem[], current: BaselineItem[], alpha = 0.05): BaselineComparison {
  const before = new Map(baseline.map((item) => [item.input, item.score ?? 0]));
  let better = 0;
  let worse = 0;
  let deltaSum = 0;
  let shared = 0;
  for (const item of current) {
    const previous = before.get(item.input);
    if (previous === undefined) continue;
    const delta = (item.score ?? 0) - previous;
    shared += 1;
    deltaSum += delta;
    if (delta > 1e-9) better += 1;
    else if (delta < -1e-9) worse += 1;
  }
  const pValue = signTestPValue(better, worse);
  return { shared, better, worse, meanDelta: shared ? deltaSum / shared : 0, pValue, significantlyWorse: worse > better && pValue < alpha };
}
