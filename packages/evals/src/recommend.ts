// The recommendation reads the interval, not the point: a cheaper variant is recommended only when the
// data show it is non-inferior to the best — the lower bound of the 95 % interval of the paired
// difference (cheaper − best) lies above −margin. Otherwise it says the data cannot decide yet and
// about how many more items would tell.
import { normalQuantile } from "./intervals";
import { comparePaired, formatPoints, type ItemScores, type PairedComparison } from "./paired";
import type { VariantStats } from "./stats";

export type RecommendationKind = "recommend" | "undecided" | "tie" | "all-zero" | "unmeasured";

export interface Recommendation {
  kind: RecommendationKind;
  /** The variant to use; null when the data cannot say (undecided, tie, all zero, unmeasured). */
  variantKey: string | null;
  text: string;
}

const percent = (value: number) => `${Math.round(value * 1000) / 10}%`;
const ratio = (cost: number, bestCost: number) => (bestCost === 0 ? "the same" : `${Math.round((cost / bestCost) * 100)}%`);
const range = (comparison: PairedComparison) => `${signed(comparison.interval[0])} to ${signed(comparison.interval[1])} points, 95 % CI`;
const signed = (value: number) => `${value < 0 ? "−" : "+"}${formatPoints(value)}`;
const Z_95 = normalQuantile(0.975);

/** Items needed for the interval's lower bound to clear −margin, if the mean difference stays as it is. */
function itemsForNonInferiority(comparison: PairedComparison, margin: number): number | null {
  const room = comparison.meanDifference + margin;
  if (room <= 0 || comparison.differenceSd === 0) return null;
  return Math.max(0, Math.ceil(((Z_95 * comparison.differenceSd) / room) ** 2) - comparison.items);
}

export function recommend(stats: VariantStats[], items: ReadonlyMap<string, ItemScores>, margin: number): Recommendation | null {
  // a variant with results of which none was measured cannot be ranked: recommending another in its
  // place would pass off "not measured" as "worse"
  const unmeasured = stats.filter((stat) => stat.items === 0 && stat.unmeasured > 0);
  if (unmeasured.length)
    return {
      kind: "unmeasured",
      variantKey: null,
      text: `Nothing was measured for ${unmeasured.map((stat) => stat.label).join(" and ")}: every evaluator skipped ${unmeasured.length > 1 ? "their" : "its"} items (retrieval metrics need items naming expected sources; faithfulness needs a Retrieve step), so there is nothing to recommend.`,
    };
  const scored = stats.filter((stat) => stat.items > 0);
  if (!scored.length) return null;
  if (scored.every((stat) => stat.meanScore === 0))
    return {
      kind: "all-zero",
      variantKey: null,
      text: "Every variant scored 0 on every item, so there is nothing to recommend: check that the evaluators fit the dataset (exact match needs expected answers) and look at a few outputs.",
    };
  // the best score; among equals the cheaper one
  const best = scored.reduce((top, stat) =>
    stat.meanScore > top.meanScore + 1e-9 || (Math.abs(stat.meanScore - top.meanScore) <= 1e-9 && stat.costPerItemUsd < top.costPerItemUsd)
      ? stat
      : top,
  );
  const twins = scored.filter(
    (stat) => Math.abs(stat.meanScore - best.meanScore) <= 1e-9 && Math.abs(stat.costPerItemUsd - best.costPerItemUsd) <= 1e-12,
  );
  if (twins.length > 1)
    return {
      kind: "tie",
      variantKey: null,
      text: `${twins.map((stat) => stat.label).join(" and ")} tie: the same mean score (${percent(best.meanScore)}) at the same cost per item, so the data do not prefer one.`,
    };

  const side = (stat: VariantStats) => ({ label: stat.label, items: items.get(stat.variantKey) ?? new Map() });
  const cheaper = scored.filter((stat) => stat.costPerItemUsd < best.costPerItemUsd).sort((a, b) => a.costPerItemUsd - b.costPerItemUsd);
  const compared = cheaper.map((stat) => ({ stat, comparison: comparePaired(side(stat), side(best)) }));
  const nonInferior = compared.find(({ comparison }) => comparison.items > 1 && comparison.interval[0] > -margin);
  if (nonInferior)
    return {
      kind: "recommend",
      variantKey: nonInferior.stat.variantKey,
      text: `Use ${nonInferior.stat.label}: at ${ratio(nonInferior.stat.costPerItemUsd, best.costPerItemUsd)} the cost per item of ${best.label}, it scores at most ${formatPoints(margin)} points below it with 95 % confidence (difference ${range(nonInferior.comparison)}).`,
    };
  // cheaper variants whose interval still reaches above −margin: more items could show them good enough
  const open = compared.filter(({ comparison }) => comparison.items < 2 || comparison.interval[1] > -margin);
  if (open.length) {
    const { stat, comparison } = open[0]!;
    const more = itemsForNonInferiority(comparison, margin);
    const howMany = more ? ` About ${more} more items would show whether it is within ${formatPoints(margin)} points.` : "";
    return {
      kind: "undecided",
      variantKey: null,
      text: `The data cannot decide yet: ${stat.label} costs ${ratio(stat.costPerItemUsd, best.costPerItemUsd)} of ${best.label} per item, and its score differs by ${comparison.items > 1 ? range(comparison) : "an unknown amount (too few items)"}.${howMany} Until then ${best.label} has the best mean score (${percent(best.meanScore)}).`,
    };
  }
  const worse = compared[0];
  return {
    kind: "recommend",
    variantKey: best.variantKey,
    text: worse
      ? `Use ${best.label}: it has the best mean score (${percent(best.meanScore)}), and every cheaper variant scores lower by more than ${formatPoints(margin)} points (${worse.stat.label}: ${range(worse.comparison)}).`
      : `Use ${best.label}: it has the best mean score (${percent(best.meanScore)}) and no variant costs less.`,
  };
}
