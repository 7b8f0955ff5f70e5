// The synthetic task of bench:routing: arithmetic requests in varied phrasing. An item's difficulty
// comes partly from what the text shows (how many operations, how long the numbers, multiplication)
// and partly from what it does not (carries, and a hidden per-item "trickiness"), so no learner can
// read the answer off the text. Two simulated fixture models answer it: a cheap one whose success falls
// fast with difficulty and a strong, 25× dearer one that is rarely wrong. Each outcome is drawn once per
// item from a seeded generator, like a deterministic right/wrong-by-item fixture.
import { seededRandom } from "@switchyard/evals";

export interface TaskItem {
  text: string;
  difficulty: number;
  /** The part of the difficulty the text shows (operations, digits, ×, carries): the ceiling of any text-only router. */
  visibleDifficulty: number;
  /** The cheap model's chance from the visible difficulty alone: what an oracle reading only the text would rank by. */
  visibleChance: number;
  /** Chance each model answers correctly (for simulating more samples, as the cascade does). */
  chance: { cheap: number; strong: number };
  outcome: { cheap: { passed: number; costUsd: number }; strong: { passed: number; costUsd: number } };
}

/** Per-token prices of the two simulated models. */
export type TaskPrices = Record<"cheap" | "strong", { inPerToken: number; outPerToken: number }>;

/** Both models' outcomes on one item: a pass drawn from each one's chance (cheap first), and what its tokens cost. */
export function drawOutcomes(
  chance: TaskItem["chance"],
  tokensIn: number,
  tokensOut: number,
  prices: TaskPrices,
  random: () => number,
): TaskItem["outcome"] {
  const cost = (model: keyof TaskPrices) => tokensIn * prices[model].inPerToken + tokensOut * prices[model].outPerToken;
  return {
    cheap: { passed: random() < chance.cheap ? 1 : 0, costUsd: cost("cheap") },
    strong: { passed: random() < chance.strong ? 1 : 0, costUsd: cost("strong") },
  };
}

const PRICES: TaskPrices = {
  cheap: { inPerToken: 0.15e-6, outPerToken: 0.6e-6 },
  strong: { inPerToken: 3.75e-6, outPerToken: 15e-6 },
};

const wrappers = [
  (expr: string) => `What is ${expr}?`,
  (expr: string) => `Compute ${expr}.`,
  (expr: string) => `Quick one: ${expr} = ?`,
  (expr: string) => `Please work out ${expr} and reply with the number only.`,
  (expr: string) => `My kid's homework asks for ${expr}. What's the answer?`,
  (expr: string) => `Evaluate the expression ${expr}`,
];

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

function gaussian(random: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

function carries(a: number, b: number): number {
  let count = 0;
  let carry = 0;
  for (; a > 0 || b > 0; a = Math.floor(a / 10), b = Math.floor(b / 10)) {
    carry = (a % 10) + (b % 10) + carry >= 10 ? 1 : 0;
    count += carry;
  }
  return count;
}

export function makeTask(count: number, seed: number): TaskItem[] {
  const random = seededRandom(seed);
  const int = (digits: number) => Math.floor(10 ** (digits - 1) + random() * 9 * 10 ** (digits - 1));
  return Array.from({ length: count }, () => {
    // most requests are short sums, as most traffic is easy; the tail is long and multiplicative
    const operations = 1 + Math.floor(random() ** 2 * 4);
    const digits = 1 + Math.floor(random() ** 1.5 * 4);
    const numbers = Array.from({ length: operations + 1 }, () => int(Math.max(1, digits - (random() < 0.3 ? 1 : 0))));
    const operators = Array.from({ length: operations }, () => (random() < 0.2 ? "*" : random() < 0.5 ? "+" : "-"));
    const expr = numbers.map((n, i) => (i ? `${operators[i - 1]} ${n}` : `${n}`)).join(" ");
    const text = wrappers[Math.floor(random() * wrappers.length)]!(expr);
    const carryCount = numbers.slice(1).reduce((sum, n, i) => sum + carries(numbers[i]!, n), 0);
    const multiplications = operators.filter((op) => op === "*").length;
    // what the text shows … and what it hides (carries are not an n-gram; trickiness is pure noise)
    const visibleDifficulty = 0.55 * (operations - 1) + 0.5 * (digits - 1) + 0.9 * multiplications + 0.2 * carryCount;
    const difficulty = visibleDifficulty + 0.8 * gaussian(random);
    const chance = { cheap: sigmoid(4.6 - 1.6 * difficulty), strong: sigmoid(4.6 - 0.55 * difficulty) };
    const tokensIn = Math.ceil(text.length / 4) + 20;
    const tokensOut = 8;
    return {
      text,
      difficulty,
      visibleDifficulty,
      visibleChance: sigmoid(4.6 - 1.6 * visibleDifficulty),
      chance,
      outcome: drawOutcomes(chance, tokensIn, tokensOut, PRICES, random),
    };
  });
}
