// The fifth synthetic task of bench:routing, held out like the fourth: multi-hop factual questions
// (HotpotQA-like), where a meaningful share of the requests is beyond both models, as real traffic is (a
// fact neither model knows, an event after both models' training). Its design and its train/test seeds
// were fixed and committed before any router ran on it, and no learner default is chosen on it.
// An answer needs two things. Knowledge: each entity the question names must be known, and obscure
// entities and recent events are known by neither model (the strong one knows a little more). Reasoning:
// hops (each relation followed), a comparison or a count across the entities, a date computation. The
// text shows part of it: the number of hops, the kind of step, whether an entity is one of the famous
// ones (an invented name says "obscure" only as an absence of known words), and a "recent" phrase
// ("this year", "last month") when there is one. Hidden: that a fact is missing from both models'
// training data although the entity looks ordinary (a quarter of the requests), and per-item noise.
// So about a third of the requests fail on both models, only partly visibly. Two simulated fixture
// models answer: a cheap one and a strong one about 16× dearer per token, each right or wrong once per
// item from a seeded generator.
import { seededRandom } from "@switchyard/evals";
import { drawOutcomes, type TaskItem, type TaskPrices } from "./task";

const PRICES: TaskPrices = {
  cheap: { inPerToken: 0.15e-6, outPerToken: 0.6e-6 },
  strong: { inPerToken: 2.5e-6, outPerToken: 10e-6 },
};

const famous = [
  "Marie Curie",
  "the Eiffel Tower",
  "Abraham Lincoln",
  "the Amazon River",
  "Ada Lovelace",
  "Mount Everest",
  "Leonardo da Vinci",
  "the Great Wall",
  "Nelson Mandela",
  "the Louvre",
  "Isaac Newton",
  "Frida Kahlo",
  "the Nile",
  "Albert Einstein",
  "the Colosseum",
  "Jane Austen",
];
const syllables = ["ka", "vor", "lin", "tesh", "mar", "ou", "dri", "san", "bel", "ko", "rath", "ime", "zu", "pell", "nor", "gat"];
const kinds = ["village", "painter", "football club", "river", "chemist", "startup", "monastery", "poet"];

/** A relation followed in one hop: how it reads and how much reasoning it adds. */
const relations = [
  { add: 0, say: "the founder of" },
  { add: 0.1, say: "the birthplace of" },
  { add: 0.2, say: "the spouse of" },
  { add: 0.3, say: "the teacher of" },
  { add: 0.5, say: "the country that governed" },
  { add: 0.6, say: "the oldest sibling of" },
];
const finals = [
  { add: 0, ask: (subject: string) => `Who or what is ${subject}?` },
  { add: 0.3, ask: (subject: string) => `In which year was ${subject} born or founded?` },
  { add: 0.9, ask: (subject: string, other: string) => `Which is older, ${subject} or ${other}?` },
  { add: 1.1, ask: (subject: string, other: string) => `How many years apart were ${subject} and ${other} founded or born?` },
  { add: 1.3, ask: (subject: string, other: string) => `How many works do ${subject} and ${other} have in common?` },
];
const preambles = [
  "",
  "",
  "",
  "Quick trivia question. ",
  "For a pub quiz: ",
  "My teacher asked us this: ",
  "I could not find this online. ",
];
const recents = [" as of this year", " after last month's news", " according to this week's reports"];

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));
function gaussian(random: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

export function makeTriviaTask(count: number, seed: number): TaskItem[] {
  const random = seededRandom(seed);
  const pick = <T>(list: T[]) => list[Math.floor(random() * list.length)]!;
  const invented = () => {
    const name = Array.from({ length: 2 + Math.floor(random() * 2) }, () => pick(syllables)).join("");
    return `the ${pick(kinds)} ${name[0]!.toUpperCase()}${name.slice(1)}`;
  };
  /** An entity and how obscure it is (0 famous, 1 invented: neither model is likely to know it). */
  const entity = () => (random() < 0.55 ? { name: pick(famous), obscure: 0 } : { name: invented(), obscure: 1 });
  return Array.from({ length: count }, () => {
    const hops = Math.floor(random() ** 1.6 * 4); // 0–3 relations followed; most questions are direct
    const first = entity();
    let subject = first.name;
    let reasoning = 0;
    for (let k = 0; k < hops; k++) {
      const relation = relations[Math.floor(random() ** 1.3 * relations.length)]!;
      subject = `${relation.say} ${subject}`;
      reasoning += relation.add;
    }
    const final = finals[Math.floor(random() ** 1.5 * finals.length)]!;
    const second = final.add >= 0.9 ? entity() : undefined;
    const recent = random() < 0.12;
    let text = `${pick(preambles)}${final.ask(subject, second?.name ?? "")}`;
    if (recent) text = text.replace(/\?$/, `${pick(recents)}?`);
    const obscurity = first.obscure + (second?.obscure ?? 0);
    // hidden: a fact missing from both models' training data behind an ordinary-looking entity
    const missing = random() < 0.25 ? 1 : 0;
    const visibleDifficulty = 0.5 * hops + reasoning + final.add;
    const difficulty = visibleDifficulty + 0.6 * gaussian(random);
    // knowledge: each model must know the facts; the strong one knows more obscure ones, neither knows
    // recent events or the hidden missing facts
    const noise = 0.5 * gaussian(random);
    const known = {
      cheap: sigmoid(3.2 - 3.2 * obscurity - 5 * (recent ? 1 : 0) - 5 * missing + noise),
      strong: sigmoid(3.8 - 2.2 * obscurity - 5 * (recent ? 1 : 0) - 5 * missing + noise),
    };
    const reasons = { cheap: sigmoid(3.6 - 1.5 * difficulty), strong: sigmoid(4.2 - 0.6 * difficulty) };
    const chance = { cheap: known.cheap * reasons.cheap, strong: known.strong * reasons.strong };
    const visibleKnown = sigmoid(3.2 - 3.2 * obscurity - 5 * (recent ? 1 : 0));
    const tokensIn = Math.ceil(text.length / 4) + 40;
    const tokensOut = 30 + 25 * hops + (second ? 30 : 0);
    return {
      text,
      difficulty,
      visibleDifficulty,
      visibleChance: visibleKnown * sigmoid(3.6 - 1.5 * visibleDifficulty),
      chance,
      outcome: drawOutcomes(chance, tokensIn, tokensOut, PRICES, random),
    };
  });
}
