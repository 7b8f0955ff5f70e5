// The second synthetic task of bench:routing: questions to a product-support assistant, a QA-style task
// unlike the arithmetic one. What makes a question hard is lexical rather than numeric: its intent (opening
// hours are easy, a warranty claim or a comparison of two products is not), how obscure the product is
// (a long-tail catalogue: popular products recur, rare ones are seldom or never in the training set, so the
// text names them but only partly tells how well a model knows them; the older "Legacy" and "Classic"
// series are harder) and complicating clauses ("bought abroad", "no receipt"). Hidden from the text: a
// policy that changed recently (some refund, warranty and shipping questions) and per-item noise. Answers
// differ in length per intent, so the cost per item varies as well. Two simulated fixture models answer,
// a cheap one and a strong one 20× dearer per token, right or wrong once per item from a seeded generator.
import { seededRandom } from "@switchyard/evals";
import { drawOutcomes, type TaskItem, type TaskPrices } from "./task";

const PRICES: TaskPrices = {
  cheap: { inPerToken: 0.15e-6, outPerToken: 0.6e-6 },
  strong: { inPerToken: 3e-6, outPerToken: 12e-6 },
};

type Phrase = (product: string, other: string) => string;
interface Intent {
  base: number;
  answerTokens: number;
  policy: boolean;
  phrasings: Phrase[];
}

const intents: Intent[] = [
  {
    base: 0,
    answerTokens: 30,
    policy: false,
    phrasings: [
      (p) => `When is the service desk open for ${p} repairs?`,
      (p) => `opening hours for dropping off my ${p}`,
      (p) => `Can I bring my ${p} in on a Saturday?`,
    ],
  },
  {
    base: 0.2,
    answerTokens: 40,
    policy: false,
    phrasings: [
      (p) => `Where is my order? It's a ${p}.`,
      (p) => `Has my ${p} shipped yet`,
      (p) => `I ordered the ${p} last week, any tracking number?`,
    ],
  },
  {
    base: 0.5,
    answerTokens: 60,
    policy: false,
    phrasings: [
      (p) => `How do I reset the ${p} to factory settings?`,
      (p) => `${p} reset procedure please`,
      (p) => `My ${p} froze, how do I restart it without losing data?`,
    ],
  },
  {
    base: 0.9,
    answerTokens: 90,
    policy: true,
    phrasings: [
      (p) => `Can I return the ${p} after 30 days and get my money back?`,
      (p) => `refund for a ${p} I opened but never used?`,
      (p) => `What's the return policy on the ${p}?`,
    ],
  },
  {
    base: 1.3,
    answerTokens: 110,
    policy: true,
    phrasings: [
      (p) => `Is water damage on my ${p} covered by the warranty?`,
      (p) => `warranty claim: the screen of my ${p} cracked by itself`,
      (p) => `Does the extended warranty of the ${p} transfer to a new owner?`,
    ],
  },
  {
    base: 1.1,
    answerTokens: 80,
    policy: true,
    phrasings: [(p) => `Do you ship the ${p} to Norway, and who pays the import duty?`, (p) => `international shipping cost for a ${p}`],
  },
  {
    base: 1.6,
    answerTokens: 140,
    policy: false,
    phrasings: [
      (p, o) => `Is the ${p} compatible with the ${o}?`,
      (p, o) => `Will my ${o} charger work with a ${p}?`,
      (p, o) => `can the ${p} and the ${o} share the same dock`,
    ],
  },
  {
    base: 2.0,
    answerTokens: 180,
    policy: false,
    phrasings: [
      (p, o) => `Which is better for a small office, the ${p} or the ${o}, and why?`,
      (p, o) => `Compare the battery life of the ${p} and the ${o}.`,
    ],
  },
  {
    base: 2.4,
    answerTokens: 220,
    policy: false,
    phrasings: [
      (p) => `The ${p} shows error E-41 after the last firmware update and then reboots in a loop. What should I do?`,
      (p) => `${p} keeps dropping wifi every few minutes since the update, already tried a reset`,
    ],
  },
];

const clauses = [
  { text: " I bought it abroad.", add: 0.6 },
  { text: " I no longer have the receipt.", add: 0.7 },
  { text: " It was a gift, so the order is in someone else's name.", add: 0.9 },
  { text: " Thanks so much!", add: 0 },
  { text: " Sorry if this was asked before.", add: 0 },
];

const series = [
  { name: "Aero", add: 0 },
  { name: "Nimbus", add: 0 },
  { name: "Pixa", add: 0.1 },
  { name: "Vela", add: 0.1 },
  { name: "Orion", add: 0.2 },
  { name: "Classic", add: 0.5 },
  { name: "Legacy", add: 0.7 },
];
const suffixes = ["", " Pro", " Mini", " Max", " Lite", " S"];

/** A catalogue of 400 products, most popular first; the same for every draw (the shop does not change). */
const catalogue = (() => {
  const random = seededRandom(4242);
  return Array.from({ length: 400 }, (_, rank) => {
    const family = series[Math.floor(random() * series.length)]!;
    const name = `${family.name} ${100 + Math.floor(random() * 900)}${suffixes[Math.floor(random() * suffixes.length)]}`;
    // obscurity grows with the popularity rank: a model has read much about the top products, little about the tail
    return { name, hardness: family.add + 1.0 * (Math.log1p(rank) / Math.log(400)) };
  });
})();

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));
function gaussian(random: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

export function makeSupportTask(count: number, seed: number): TaskItem[] {
  const random = seededRandom(seed);
  // Zipf-like popularity: rank ∝ u^4 puts most traffic on the top products and leaves a long tail
  const product = () => catalogue[Math.min(catalogue.length - 1, Math.floor(random() ** 4 * catalogue.length))]!;
  return Array.from({ length: count }, () => {
    // easy intents are the most common, as in real support traffic
    const intent = intents[Math.min(intents.length - 1, Math.floor(random() ** 1.6 * intents.length))]!;
    const [p, o] = [product(), product()];
    const twoProducts = intent.phrasings[0]!.length > 1;
    let text = intent.phrasings[Math.floor(random() * intent.phrasings.length)]!(p.name, o.name);
    let clauseHardness = 0;
    if (random() < 0.35) {
      const clause = clauses[Math.floor(random() * clauses.length)]!;
      text += clause.text;
      clauseHardness = clause.add;
    }
    const visibleDifficulty = intent.base + p.hardness + (twoProducts ? 0.6 * o.hardness : 0) + clauseHardness;
    // hidden: a policy changed since the models were trained, and per-item noise
    const policyChanged = intent.policy && random() < 0.2 ? 1.3 : 0;
    const difficulty = visibleDifficulty + policyChanged + 0.5 * gaussian(random);
    const chance = { cheap: sigmoid(4.6 - 1.6 * difficulty), strong: sigmoid(4.6 - 0.6 * difficulty) };
    const tokensIn = Math.ceil(text.length / 4) + 350; // the system prompt with the product documentation
    const tokensOut = intent.answerTokens;
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
