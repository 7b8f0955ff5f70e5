// Probability calibration for the learned router: Platt scaling fitted on each route's out-of-fold
// chances. A regularised logistic model trained by SGD ranks well but its chances are shrunk or
// stretched (the L2 strength and the number of passes decide how far), and a threshold, the trace's
// "predicted to pass with 82 %" and a comparison across routes mean something only when 82 % of such
// requests do pass. The map is monotone, so it never reorders the requests of one route.

export interface PlattScaling {
  /** Slope on the model's logit (kept > 0: the map never reverses a ranking). */
  a: number;
  b: number;
}

const logit = (p: number) => {
  const q = Math.min(1 - 1e-12, Math.max(1e-12, p));
  return Math.log(q / (1 - q));
};
const sigmoid = (z: number) => 1 / (1 + Math.exp(-Math.max(-35, Math.min(35, z))));

export const applyPlatt = (scaling: PlattScaling | undefined, chance: number) =>
  scaling ? sigmoid(scaling.a * logit(chance) + scaling.b) : chance;

/**
 * Fits P(pass) = σ(a·logit(chance) + b) by Newton's method on the log-loss, with Platt's smoothed
 * targets (a pass counts as (N₊+1)/(N₊+2), a fail as 1/(N₋+2)) so a small or one-sided set does not
 * push the chances to 0 or 1. Labels may be pass rates in [0, 1].
 */
export function fitPlatt(chances: ArrayLike<number>, labels: ArrayLike<number>): PlattScaling {
  const n = chances.length;
  let positives = 0;
  for (let i = 0; i < n; i++) positives += labels[i]!;
  const high = (positives + 1) / (positives + 2);
  const low = 1 / (n - positives + 2);
  const xs = Float64Array.from({ length: n }, (_, i) => logit(chances[i]!));
  const ts = Float64Array.from({ length: n }, (_, i) => labels[i]! * high + (1 - labels[i]!) * low);
  const loss = (a: number, b: number) => {
    let sum = 0;
    for (let i = 0; i < n; i++) {
      const z = a * xs[i]! + b;
      // log(1 + e^z) − t·z, computed without overflow
      sum += (z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z))) - ts[i]! * z;
    }
    return sum;
  };
  let a = 1;
  let b = 0;
  let current = loss(a, b);
  for (let iteration = 0; iteration < 100; iteration++) {
    // gradient and Hessian of the log-loss in (a, b), with a tiny ridge so a flat set stays solvable
    let [ga, gb, haa, hab, hbb] = [0, 0, 1e-9, 0, 1e-9];
    for (let i = 0; i < n; i++) {
      const p = sigmoid(a * xs[i]! + b);
      const residual = p - ts[i]!;
      const weight = p * (1 - p);
      ga += residual * xs[i]!;
      gb += residual;
      haa += weight * xs[i]! * xs[i]!;
      hab += weight * xs[i]!;
      hbb += weight;
    }
    const det = haa * hbb - hab * hab;
    if (!(Math.abs(det) > 1e-18)) break;
    const da = (hbb * ga - hab * gb) / det;
    const db = (haa * gb - hab * ga) / det;
    // Newton's step, halved until the loss goes down (a full step overshoots on saturated chances)
    let step = 1;
    while (step > 1e-10 && !(loss(a - step * da, b - step * db) < current)) step /= 2;
    if (step <= 1e-10) break;
    a -= step * da;
    b -= step * db;
    const next = loss(a, b);
    const converged = current - next < 1e-12 * Math.max(1, Math.abs(current));
    current = next;
    if (converged) break;
  }
  if (!Number.isFinite(a) || !Number.isFinite(b)) return { a: 1, b: 0 };
  return { a: Math.max(1e-3, a), b };
}

/**
 * Expected calibration error: items binned by predicted chance into equal-count bins; the mean over
 * bins, weighted by size, of |mean chance − observed pass rate|.
 */
export function calibrationError(chances: ArrayLike<number>, labels: ArrayLike<number>, bins = 10): number {
  const n = chances.length;
  if (!n) return 0;
  const order = Array.from({ length: n }, (_, i) => i).sort((x, y) => chances[x]! - chances[y]!);
  let error = 0;
  for (let bin = 0; bin < bins; bin++) {
    const members = order.slice(Math.floor((bin * n) / bins), Math.floor(((bin + 1) * n) / bins));
    if (!members.length) continue;
    const predicted = members.reduce((sum, i) => sum + chances[i]!, 0) / members.length;
    const observed = members.reduce((sum, i) => sum + labels[i]!, 0) / members.length;
    error += (members.length / n) * Math.abs(predicted - observed);
  }
  return error;
}
