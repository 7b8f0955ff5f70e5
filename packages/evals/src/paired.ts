// Two variants on the same items: how much one scores above the other, how sure that is, and how many
// more items would settle it, in a sentence a person can act on.
import { bootstrapInterval, DIFFERENCE_BOUNDS, mean, normalQuantile, standardDeviation, type Interval } from "./intervals";

/** Per-item scores (each the mean of the item's repeats) and pass fractions, keyed by item id. */
export type ItemScores = ReadonlyMap<string, { score: number; passFraction: number }>;

export interface PairedComparison {
  /** Items both variants have a result for. */
  items: number;
  /** Mean of (a − b) over those items, 0–1. */
  meanDifference: number;
  interval: Interval;
  /** Sample standard deviation of the per-item differences. */
  differenceSd: number;
  /** The interval excludes 0. */
  significant: boolean;
  /** Exact two-sided sign test on the items whose score differs. */
  signTest: { aHigher: number; bHigher: number; pValue: number };
  /** Exact McNemar test on pass/fail (an item passes when most of its repeats did). */
  mcnemar: { aOnly: number; bOnly: number; pValue: number };
  /** More items needed to detect `detect` with 80 % power at this spread; null when there is no spread yet. */
  moreItemsNeeded: number | null;
  sentence: string;
}

const Z_POWER_80 = normalQuantile(0.8);

/** Items needed for a paired test at 95 % to detect `effect` with 80 % power, given the differences' SD. */
export function itemsToDetect(effect: number, differenceSd: number, confidence = 0.95): number {
  return Math.ceil((((normalQuantile(1 - (1 - confidence) / 2) + Z_POWER_80) * differenceSd) / effect) ** 2);
}

/** Two-sided exact binomial test of k successes in n at p = ½ (the sign test and exact McNemar). */
export function binomialTwoSided(k: number, n: number): number {
  if (n === 0) return 1;
  const low = Math.min(k, n - k);
  let logChoose = 0; // log C(n, 0)
  let tail = 0;
  for (let i = 0; i <= low; i++) {
    if (i > 0) logChoose += Math.log((n - i + 1) / i);
    tail += Math.exp(logChoose - n * Math.LN2);
  }
  return Math.min(1, 2 * tail);
}

/** "6", "0.5", "12": points are hundredths of the 0–1 score, with one decimal below ten. */
export const formatPoints = (value: number) => {
  const points = Math.abs(value * 100);
  return String(points >= 9.95 ? Math.round(points) : Math.round(points * 10) / 10);
};

const signedPoints = (value: number) => `${value < 0 ? "−" : ""}${formatPoints(value)}`;

export function comparePaired(
  a: { label: string; items: ItemScores },
  b: { label: string; items: ItemScores },
  options: { detect?: number; confidence?: number } = {},
): PairedComparison {
  const detect = options.detect ?? 0.05;
  const confidence = options.confidence ?? 0.95;
  const differences: number[] = [];
  let aOnly = 0;
  let bOnly = 0;
  for (const [itemId, left] of a.items) {
    const right = b.items.get(itemId);
    if (!right) continue;
    differences.push(left.score - right.score);
    const leftPassed = left.passFraction > 0.5;
    const rightPassed = right.passFraction > 0.5;
    if (leftPassed && !rightPassed) aOnly++;
    if (rightPassed && !leftPassed) bOnly++;
  }
  const meanDifference = mean(differences);
  // a difference of two 0–1 scores lies in [−1, 1]: its interval must not claim more
  const interval = bootstrapInterval(differences, { bounds: DIFFERENCE_BOUNDS, confidence });
  const differenceSd = standardDeviation(differences);
  const aHigher = differences.filter((difference) => difference > 1e-9).length;
  const bHigher = differences.filter((difference) => difference < -1e-9).length;
  const significant = differences.length > 1 && (interval[0] > 1e-9 || interval[1] < -1e-9);
  const needed = differenceSd > 0 ? itemsToDetect(detect, differenceSd, confidence) : null;
  const moreItemsNeeded = needed === null ? null : Math.max(0, needed - differences.length);
  const percent = Math.round(confidence * 100);

  let sentence: string;
  if (differences.length < 2) sentence = `Too few shared items to compare ${a.label} and ${b.label} (${differences.length}).`;
  else if (significant) {
    const [high, low, sign] = meanDifference > 0 ? [a.label, b.label, 1] : [b.label, a.label, -1];
    const [from, to] = [interval[0] * sign, interval[1] * sign].sort((x, y) => x - y) as [number, number];
    sentence = `${high} scores higher than ${low} by ${formatPoints(meanDifference)} points (${percent} % CI ${formatPoints(from)}–${formatPoints(to)}).`;
  } else if (differenceSd === 0)
    sentence = `No difference detected: ${a.label} and ${b.label} score the same on every one of the ${differences.length} items.`;
  else if (interval[0] > -detect && interval[1] < detect)
    sentence = `No difference detected: the difference is between ${signedPoints(interval[0])} and ${signedPoints(interval[1])} points (${percent} % CI), smaller than ${formatPoints(detect)} points.`;
  else if (moreItemsNeeded)
    sentence = `No difference detected; about ${moreItemsNeeded} more items would be needed to detect ${formatPoints(detect)} points.`;
  else
    sentence = `No difference detected: the difference is between ${signedPoints(interval[0])} and ${signedPoints(interval[1])} points (${percent} % CI).`;

  return {
    items: differences.length,
    meanDifference,
    interval,
    differenceSd,
    significant,
    signTest: { aHigher, bHigher, pValue: binomialTwoSided(aHigher, aHigher + bHigher) },
    mcnemar: { aOnly, bOnly, pValue: binomialTwoSided(aOnly, aOnly + bOnly) },
    moreItemsNeeded,
    sentence,
  };
}
