// The cost axis of the usage chart, computed from the data rather than left to recharts: given only
// zeros, recharts invents a 0–4 scale ("$4.00" for free local models), and its generic steps
// (0.0075, 0.015…) round to repeated labels like "$0.02" under a currency format.

export interface CostAxis {
  domain: [number, number];
  ticks: number[];
  format: (value: number) => string;
}

const NICE_STEPS = [1, 2, 2.5, 5, 10];
const MAX_INTERVALS = 4;

// rounding away binary noise (0.1 * 3 = 0.30000000000000004) before values become tick positions
const clean = (value: number) => Number(value.toPrecision(12));

/** The smallest step of 1, 2, 2.5 or 5 × 10ⁿ that covers `max` in at most four intervals. */
function niceStep(max: number): number {
  const rough = max / MAX_INTERVALS;
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  const nice = NICE_STEPS.find((step) => step * magnitude >= rough * (1 - 1e-9)) ?? 10;
  return clean(nice * magnitude);
}

/** Digits after the point that a step needs: 0.25 → 2, 0.0005 → 4, 500 → 0. */
function decimalsOf(step: number): number {
  let decimals = 0;
  while (decimals < 12 && Math.abs(clean(step * 10 ** decimals) - Math.round(step * 10 ** decimals)) > 1e-9) decimals++;
  return decimals;
}

export function costAxis(costs: number[]): CostAxis {
  const max = Math.max(0, ...costs.filter(Number.isFinite));
  // nothing was charged: one "$0" line, not a made-up scale
  if (max === 0) return { domain: [0, 1], ticks: [0], format: () => "$0" };

  const step = niceStep(max);
  const intervals = Math.ceil(clean(max / step));
  const ticks = Array.from({ length: intervals + 1 }, (_, index) => clean(index * step));
  // every label shows as many decimals as the step needs (cents at least once there are any), so
  // neighbouring ticks never read the same; large amounts go compact so they fit the axis
  const decimals = decimalsOf(step);
  const label = new Intl.NumberFormat("en-US", {
    style: "currency",
    currency: "USD",
    notation: ticks.at(-1)! >= 100_000 ? "compact" : "standard",
    minimumFractionDigits: decimals === 0 ? 0 : Math.max(2, decimals),
    maximumFractionDigits: decimals === 0 ? 0 : Math.max(2, decimals),
  });
  return { domain: [0, ticks.at(-1)!], ticks, format: (value) => (value === 0 ? "$0" : label.format(value)) };
}
