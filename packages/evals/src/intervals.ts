// Confidence intervals for a variant's mean score and pass rate. Items are the unit of resampling:
// an item's repeats stay together (its score is the mean of its repeats), because repeats of one item
// are not independent evidence about the model — resampling them as well would count their noise twice.
import { drawAt, nextState, seedOf } from "./random";

export type Interval = [low: number, high: number];

export const BOOTSTRAP_RESAMPLES = 2_000;

/** Standard normal quantile (Acklam's rational approximation, |error| < 1.2e-9). */
export function normalQuantile(p: number): number {
  const a = [-39.6968302866538, 220.946098424521, -275.928510446969, 138.357751867269, -30.6647980661472, 2.50662827745924];
  const b = [-54.4760987982241, 161.585836858041, -155.698979859887, 66.8013118877197, -13.2806815528857];
  const c = [-0.00778489400243029, -0.322396458041136, -2.40075827716184, -2.54973253934373, 4.37466414146497, 2.93816398269878];
  const d = [0.00778469570904146, 0.32246712907004, 2.445134137143, 3.75440866190742];
  const tail = (q: number) =>
    (((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) / ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1);
  if (p < 0.02425) return tail(Math.sqrt(-2 * Math.log(p)));
  if (p > 1 - 0.02425) return -tail(Math.sqrt(-2 * Math.log(1 - p)));
  const q = p - 0.5;
  const r = q * q;
  return (
    ((((((a[0]! * r + a[1]!) * r + a[2]!) * r + a[3]!) * r + a[4]!) * r + a[5]!) * q) /
    (((((b[0]! * r + b[1]!) * r + b[2]!) * r + b[3]!) * r + b[4]!) * r + 1)
  );
}

export const mean = (values: readonly number[]) => (values.length ? values.reduce((sum, value) => sum + value, 0) / values.length : 0);

export function standardDeviation(values: readonly number[]): number {
  if (values.length < 2) return 0;
  const centre = mean(values);
  return Math.sqrt(values.reduce((sum, value) => sum + (value - centre) ** 2, 0) / (values.length - 1));
}

/** Means of `resamples` bootstrap resamples of `values` (with replacement), sorted ascending. */
export function bootstrapMeans(values: readonly number[], resamples = BOOTSTRAP_RESAMPLES, seed = seedOf(values)): Float64Array {
  // the same draws as seededRandom(seed), with the state in a local and the values in a typed array:
  // an eval run's summary makes a dozen of these over its items, on the way to finishing the run
  const data = Float64Array.from(values);
  const n = data.length;
  const means = new Float64Array(resamples);
  let state = seed >>> 0;
  for (let resample = 0; resample < resamples; resample++) {
    let sum = 0;
    for (let draw = 0; draw < n; draw++) {
      state = nextState(state);
      sum += data[(drawAt(state) * n) | 0]!; // | 0 floors: the index is below n < 2³¹
    }
    means[resample] = sum / n;
  }
  return means.sort();
}

/** Scores are fractions: every mean score, and so every interval of one, lies in [0, 1]. */
export const SCORE_BOUNDS: Interval = [0, 1];
/** A paired difference of two scores lies in [−1, 1]. */
export const DIFFERENCE_BOUNDS: Interval = [-1, 1];

export interface BootstrapOptions {
  /** The range the mean cannot leave (the values' own range must lie inside it); scores by default. */
  bounds?: Interval;
  confidence?: number;
  resamples?: number;
  seed?: number;
}

/**
 * Percentile bootstrap interval of the mean. The plain percentile interval is too narrow for small
 * samples (it uses the 1/n variance); stretching it about the mean by √(n/(n−1)) corrects that.
 *
 * The percentile interval itself never leaves the range of the data, but the stretch can: with two
 * items scoring 0 and 1 it gives −21 %…121 %. The stretched ends are therefore cut to `bounds`, the
 * range the true mean is known to lie in. That is not a cosmetic clamp: whenever the stretched interval
 * contains the true mean, so does its intersection with a range that always contains it, so coverage
 * is exactly unchanged — only the impossible part (a score below 0 % or above 100 %) is dropped.
 */
export function bootstrapInterval(values: readonly number[], options: BootstrapOptions = {}): Interval {
  const { bounds = SCORE_BOUNDS, confidence = 0.95, resamples = BOOTSTRAP_RESAMPLES, seed } = options;
  const n = values.length;
  if (n === 0) return [0, 0];
  const centre = mean(values);
  const [lowest, highest] = bounds;
  // every resample of identical values has their mean: the interval is that point (an evaluator every
  // item passes, or every item fails, is common), and the resampling would only confirm it
  if (n === 1 || values.every((value) => value === values[0])) return [Math.max(lowest, centre), Math.min(highest, centre)];
  const means = bootstrapMeans(values, resamples, seed);
  const tail = (1 - confidence) / 2;
  const at = (q: number) => means[Math.min(resamples - 1, Math.max(0, Math.floor(q * resamples)))]!;
  const stretch = Math.sqrt(n / (n - 1));
  return [Math.max(lowest, centre + (at(tail) - centre) * stretch), Math.min(highest, centre + (at(1 - tail) - centre) * stretch)];
}

/**
 * Wilson score interval for a proportion of `n` items. With repeats the proportion is the mean of
 * per-item pass fractions, whose variance is at most the Bernoulli one: the interval stays honest
 * (if anything a little wide).
 */
export function wilsonInterval(proportion: number, n: number, confidence = 0.95): Interval {
  if (n === 0) return [0, 1];
  const z = normalQuantile(1 - (1 - confidence) / 2);
  const z2 = z * z;
  const centre = (proportion + z2 / (2 * n)) / (1 + z2 / n);
  const half = (z / (1 + z2 / n)) * Math.sqrt((proportion * (1 - proportion)) / n + z2 / (4 * n * n));
  return [Math.max(0, centre - half), Math.min(1, centre + half)];
}
