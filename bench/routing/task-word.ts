// The fourth synthetic task of bench:routing, the held-out one: math word problems (GSM8K-like), the kind
// of task RouteLLM reports on. Its design was fixed and committed before any router ran on it, and no
// learner default was chosen on it: the learner's defaults come from the other three tasks' dev draws, and
// this task only measures them ("a task it has not seen").
// What makes a problem hard shows partly in the text: how many reasoning steps it takes (one quantity per
// step), the kind of step (adding is easy; percentages, rates and fractions are not), a change of unit
// ("minutes" into hours) and a distracting sentence with an irrelevant number. The story around it (names,
// items, places, a chatty preamble) varies and says nothing. Hidden: whether an intermediate result is
// awkward (a remainder, a non-round share) and per-item noise. The answer is a worked solution, so its
// length grows with the steps. Two simulated fixture models answer: a cheap one and a strong one 12.5×
// dearer per token, each right or wrong once per item from a seeded generator.
import { seededRandom } from "@switchyard/evals";
import { drawOutcomes, type TaskItem, type TaskPrices } from "./task";

const PRICES: TaskPrices = {
  cheap: { inPerToken: 0.2e-6, outPerToken: 0.8e-6 },
  strong: { inPerToken: 2.5e-6, outPerToken: 10e-6 },
};

const names = ["Maya", "Tom", "Aisha", "Lukas", "Priya", "Diego", "Mei", "Omar", "Sofia", "Kwame", "Ines", "Jonah"];
const things = [
  { item: "apples", place: "market" },
  { item: "stickers", place: "shop" },
  { item: "pages", place: "library" },
  { item: "cupcakes", place: "bakery" },
  { item: "marbles", place: "fair" },
  { item: "tickets", place: "cinema" },
  { item: "bottles", place: "warehouse" },
];

/** One reasoning step: how it reads and how hard it is for a model. */
const steps = [
  { add: 0, say: (n: number, it: string) => `Then they get ${n} more ${it}.` },
  { add: 0.1, say: (n: number, it: string) => `They give away ${n} ${it}.` },
  { add: 0.5, say: (n: number, it: string) => `Each friend gets ${n} ${it}, and there are 3 friends.` },
  { add: 0.6, say: (n: number) => `The amount is multiplied by ${n} for the week.` },
  { add: 1.0, say: (n: number) => `${n} percent of them are sold.` },
  { add: 1.1, say: (n: number) => `They can handle ${n} per hour, working for 2.5 hours.` },
  { add: 1.2, say: (n: number) => `Only ${n <= 4 ? n : 3}/${n <= 4 ? n + 1 : 4} of what remains is kept.` },
];

const preambles = [
  "",
  "",
  "Here is a problem from my daughter's worksheet. ",
  "Can you solve this and show the steps? ",
  "I keep getting a different answer from the book: ",
  "Word problem, please explain. ",
];
const questions = [
  (it: string) => `How many ${it} are left at the end?`,
  (it: string) => `How many ${it} do they have now?`,
  (it: string) => `What is the final number of ${it}?`,
];
const distractors = [
  (n: number) => ` Their neighbour once had ${n} goldfish.`,
  (n: number) => ` The ${"shop"} opened ${n} years ago.`,
  (n: number) => ` The bus ride there took ${n} minutes.`,
];

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));
function gaussian(random: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

export function makeWordTask(count: number, seed: number): TaskItem[] {
  const random = seededRandom(seed);
  const pick = <T>(list: T[]) => list[Math.floor(random() * list.length)]!;
  return Array.from({ length: count }, () => {
    // short problems are the most common; the tail takes five or six steps
    const stepCount = 1 + Math.floor(random() ** 1.5 * 6);
    const who = pick(names);
    const { item, place } = pick(things);
    const start = 5 + Math.floor(random() * 95);
    let text = `${pick(preambles)}${who} buys ${start} ${item} at the ${place}.`;
    let stepHardness = 0;
    for (let k = 0; k < stepCount; k++) {
      // harder kinds of step are rarer
      const step = steps[Math.min(steps.length - 1, Math.floor(random() ** 1.4 * steps.length))]!;
      text += ` ${step.say(2 + Math.floor(random() * 40), item)}`;
      stepHardness += step.add;
    }
    const unitChange = random() < 0.15;
    if (unitChange) text += " Give the answer per minute.";
    const distracted = random() < 0.25;
    if (distracted) text += pick(distractors)(2 + Math.floor(random() * 60));
    text += ` ${pick(questions)(item)}`;
    const visibleDifficulty = 0.45 * (stepCount - 1) + 0.6 * stepHardness + (unitChange ? 0.8 : 0) + (distracted ? 0.7 : 0);
    // hidden: an awkward intermediate result (a remainder, a non-round share) and per-item noise
    const awkward = random() < 0.3 ? 0.9 : 0;
    const difficulty = visibleDifficulty + awkward + 0.6 * gaussian(random);
    const chance = { cheap: sigmoid(4.2 - 1.4 * difficulty), strong: sigmoid(4.4 - 0.5 * difficulty) };
    const tokensIn = Math.ceil(text.length / 4) + 60;
    const tokensOut = 40 + 35 * stepCount;
    return {
      text,
      difficulty,
      visibleDifficulty,
      visibleChance: sigmoid(4.2 - 1.4 * visibleDifficulty),
      chance,
      outcome: drawOutcomes(chance, tokensIn, tokensOut, PRICES, random),
    };
  });
}
