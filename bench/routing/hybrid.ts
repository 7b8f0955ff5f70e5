// The cascade of bench:routing (two samples of the cheap model must agree, else the strong model answers)
// and a hybrid of the learned router with it: confident-easy requests go straight to the cheap model,
// uncertain ones through the cascade, the rest straight to the strong model. The hybrid's two lines are
// chosen by the learner itself (learnRouter, from the training items' cascade verdicts); the test set only
// measures them here.
import { pairedQuality, seededRandom } from "@switchyard/evals";
import type { TaskItem } from "./task";

export interface CascadeRow {
  passed: number;
  costUsd: number;
  escalated: boolean;
  /** What the check costs on top of the first cheap answer: the second cheap sample. */
  checkCostUsd: number;
  /** The cascade's chance of a right answer on this item, from the models' true chances (no draw). */
  expectedPassed: number;
}

/** Two cheap samples must agree; a wrong answer is one of five plausible slips, so two can agree by chance. */
export function simulateCascade(items: TaskItem[], seed: number): CascadeRow[] {
  const random = seededRandom(seed);
  return items.map((item) => {
    const first = item.outcome.cheap.passed === 1;
    const second = random() < item.chance.cheap;
    const wrongAnswer = () => Math.floor(random() * 5);
    const agree = first && second ? true : !first && !second ? wrongAnswer() === wrongAnswer() : false;
    const costUsd = 2 * item.outcome.cheap.costUsd + (agree ? 0 : item.outcome.strong.costUsd);
    const p = item.chance.cheap;
    const accepted = p * p + 0.2 * (1 - p) ** 2; // both right, or both wrong with the same slip
    return {
      passed: agree ? item.outcome.cheap.passed : item.outcome.strong.passed,
      costUsd,
      escalated: !agree,
      checkCostUsd: item.outcome.cheap.costUsd,
      expectedPassed: p * p + (1 - accepted) * item.chance.strong,
    };
  });
}

export interface HybridPoint {
  low: number;
  high: number;
  accuracy: number;
  costPerItemUsd: number;
  qualityVsStrong: number;
  lowerBound: number;
  share: { cheap: number; cascade: number; strong: number };
}

/** The hybrid's outcome on items: chance ≥ high → cheap, ≥ low → cascade, else strong. */
export function hybridPoint(
  items: TaskItem[],
  cascade: CascadeRow[],
  cheapChance: ArrayLike<number>,
  low: number,
  high: number,
  margin: number,
): HybridPoint {
  let passed = 0;
  let best = 0;
  let cost = 0;
  let [rr, ss, rs] = [0, 0, 0];
  const counts = { cheap: 0, cascade: 0, strong: 0 };
  items.forEach((item, i) => {
    const p = cheapChance[i]!;
    const way = p >= high ? "cheap" : p >= low ? "cascade" : "strong";
    counts[way]++;
    const outcome = way === "cascade" ? cascade[i]! : { passed: item.outcome[way].passed, costUsd: item.outcome[way].costUsd };
    const s = item.outcome.strong.passed;
    passed += outcome.passed;
    best += s;
    cost += outcome.costUsd;
    rr += outcome.passed ** 2;
    ss += s * s;
    rs += outcome.passed * s;
  });
  const n = items.length;
  const { ratio, stdError } = pairedQuality({ n, passed, best, rr, ss, rs });
  return {
    low,
    high,
    accuracy: passed / n,
    costPerItemUsd: cost / n,
    qualityVsStrong: ratio,
    lowerBound: ratio - margin * stdError,
    share: { cheap: counts.cheap / n, cascade: counts.cascade / n, strong: counts.strong / n },
  };
}

/**
 * The hybrid's expected quality ÷ the strong model's on items, from the simulated models' true chances
 * (the cascade's `expectedPassed` in its band): what the same routing decisions keep on unlimited
 * traffic like these items, free of their own right/wrong draw.
 */
export function hybridExpectedQuality(
  items: TaskItem[],
  cascade: CascadeRow[],
  cheapChance: ArrayLike<number>,
  low: number,
  high: number,
): number {
  let expected = 0;
  let strong = 0;
  items.forEach((item, i) => {
    const p = cheapChance[i]!;
    expected += p >= high ? item.chance.cheap : p >= low ? cascade[i]!.expectedPassed : item.chance.strong;
    strong += item.chance.strong;
  });
  return expected / strong;
}
