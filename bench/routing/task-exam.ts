// The seventh synthetic task of bench:routing, held out: multiple-choice exam questions across subjects
// (MMLU-like), the other setting RouteLLM reports on (35–45 % saved at 95 % of GPT-4's quality). Its
// design and its train/test seeds were fixed and committed before any router ran on it, with its
// parameters set from the oracle ceilings alone (routing on the true chances, and on the part the text
// shows), and no learner default is chosen on it.
// What decides an answer: the subject (the two models' skills differ per subject: the cheap one is nearly
// as good on school subjects and far behind on professional and formal ones), the kind of question (a
// definition is easy; a negation, a scenario, a computation or an "I, II, III" item is not) and an "all
// of the above" option. All of this shows in the text. Hidden: a distractor built on a common
// misconception (the cheap model falls for it far more often), a question whose answer key is wrong, and
// per-item noise. Four options, so a model that does not know still guesses right a quarter of the time.
// Two simulated fixture models answer: a cheap one and a strong one 20× dearer per token.
import { seededRandom } from "@switchyard/evals";
import { drawOutcomes, type TaskItem, type TaskPrices } from "./task";

const PRICES: TaskPrices = {
  cheap: { inPerToken: 0.15e-6, outPerToken: 0.6e-6 },
  strong: { inPerToken: 3e-6, outPerToken: 12e-6 },
};

/** A subject: its terms, whether its questions compute, and each model's skill there (added to the logit). */
interface Subject {
  name: string;
  terms: string[];
  computes: boolean;
  cheap: number;
  strong: number;
}
const subjects: Subject[] = [
  {
    name: "high school geography",
    terms: ["monsoon", "delta", "plateau", "tundra", "isthmus", "estuary"],
    computes: false,
    cheap: 1.2,
    strong: 1.4,
  },
  {
    name: "high school biology",
    terms: ["mitosis", "ribosome", "enzyme", "osmosis", "chloroplast", "allele"],
    computes: false,
    cheap: 1.0,
    strong: 1.3,
  },
  {
    name: "high school world history",
    terms: ["feudalism", "the Silk Road", "mercantilism", "the Reformation", "the Meiji Restoration", "decolonisation"],
    computes: false,
    cheap: 0.9,
    strong: 1.3,
  },
  {
    name: "elementary mathematics",
    terms: ["perimeter", "fraction", "ratio", "percentage", "remainder", "average"],
    computes: true,
    cheap: 1.0,
    strong: 1.3,
  },
  {
    name: "marketing",
    terms: ["brand equity", "market segmentation", "price skimming", "the marketing mix", "customer lifetime value", "a loss leader"],
    computes: false,
    cheap: 1.1,
    strong: 1.3,
  },
  {
    name: "nutrition",
    terms: ["vitamin D", "dietary fibre", "glycaemic index", "iron absorption", "protein quality", "folate"],
    computes: false,
    cheap: 0.9,
    strong: 1.2,
  },
  {
    name: "sociology",
    terms: ["social stratification", "anomie", "socialisation", "role conflict", "cultural capital", "deviance"],
    computes: false,
    cheap: 0.8,
    strong: 1.1,
  },
  {
    name: "computer security",
    terms: ["a buffer overflow", "public-key encryption", "a nonce", "cross-site scripting", "a hash collision", "least privilege"],
    computes: false,
    cheap: 0.4,
    strong: 1.1,
  },
  {
    name: "college chemistry",
    terms: ["molar mass", "activation energy", "an equilibrium constant", "enthalpy", "a buffer solution", "oxidation state"],
    computes: true,
    cheap: -0.2,
    strong: 0.8,
  },
  {
    name: "college physics",
    terms: ["angular momentum", "entropy", "a standing wave", "the photoelectric effect", "inductance", "terminal velocity"],
    computes: true,
    cheap: -0.3,
    strong: 0.8,
  },
  {
    name: "college mathematics",
    terms: ["an eigenvalue", "a convergent series", "a partial derivative", "the determinant", "a Taylor polynomial", "a linear map"],
    computes: true,
    cheap: -0.6,
    strong: 0.6,
  },
  {
    name: "abstract algebra",
    terms: ["a cyclic group", "a normal subgroup", "a field extension", "an ideal", "a homomorphism", "the order of an element"],
    computes: true,
    cheap: -1.0,
    strong: 0.3,
  },
  {
    name: "professional law",
    terms: ["hearsay", "adverse possession", "consideration", "strict liability", "a bona fide purchaser", "promissory estoppel"],
    computes: false,
    cheap: -0.9,
    strong: 0.2,
  },
  {
    name: "professional medicine",
    terms: ["a beta blocker", "sepsis", "an ACE inhibitor", "diabetic ketoacidosis", "atrial fibrillation", "a pulmonary embolism"],
    computes: false,
    cheap: -0.5,
    strong: 0.6,
  },
  {
    name: "econometrics",
    terms: ["heteroskedasticity", "an instrumental variable", "autocorrelation", "a unit root", "multicollinearity", "a fixed effect"],
    computes: true,
    cheap: -0.7,
    strong: 0.4,
  },
  {
    name: "formal logic",
    terms: ["modus tollens", "a tautology", "an existential quantifier", "a biconditional", "a valid argument", "contraposition"],
    computes: false,
    cheap: -0.8,
    strong: 0.4,
  },
];

/** Kinds of question: how one reads and how much it adds to the difficulty. */
const kinds = [
  { add: 0, ask: (t: string[]) => `Which of the following best describes ${t[0]}?` },
  { add: 0.3, ask: (t: string[]) => `Which of the following is most closely associated with ${t[0]}?` },
  { add: 0.9, ask: (t: string[]) => `Which of the following is NOT true of ${t[0]}?` },
  {
    add: 1.2,
    ask: (t: string[]) => `A student notices that ${t[0]} changes while ${t[1]} stays the same. Which conclusion is best supported?`,
  },
  {
    add: 1.6,
    ask: (t: string[]) =>
      `Which of the following statements about ${t[0]} are true? I. It depends on ${t[1]}. II. It rules out ${t[2]}. III. It implies ${t[3]}.`,
  },
];
const preambles = ["", "", "", "", "Exam practice. ", "Multiple choice, answer with the letter. ", "Quiz question: "];

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));
function gaussian(random: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

export function makeExamTask(count: number, seed: number): TaskItem[] {
  const random = seededRandom(seed);
  const pick = <T>(list: T[]) => list[Math.floor(random() * list.length)]!;
  const shuffledTerms = (terms: string[]) =>
    terms
      .map((t) => ({ t, k: random() }))
      .sort((a, b) => a.k - b.k)
      .map((e) => e.t);
  return Array.from({ length: count }, () => {
    // school subjects are most of the traffic; the professional and formal ones are the tail
    const subject = subjects[Math.floor(random() ** 1.3 * subjects.length)]!;
    const terms = shuffledTerms(subject.terms);
    const computing = subject.computes && random() < 0.4;
    // easy kinds are the most common
    const kind = kinds[Math.floor(random() ** 1.6 * kinds.length)]!;
    let question = kind.ask(terms);
    let computeAdd = 0;
    if (computing) {
      const [a, b] = [2 + Math.floor(random() * 98), 2 + Math.floor(random() * 98)];
      const decimals = random() < 0.4;
      question = `If ${terms[0]} is ${a}${decimals ? ".5" : ""} and ${terms[1]} is ${b}, what is ${terms[2]}?`;
      computeAdd = 1.0 + (decimals ? 0.5 : 0) + (a * b > 1000 ? 0.4 : 0);
    }
    const allOfTheAbove = random() < 0.15;
    const options = computing
      ? Array.from({ length: 4 }, () => String(Math.floor(random() * 900) + 10))
      : [terms[1]!, terms[2]!, terms[3]!, allOfTheAbove ? "all of the above" : terms[4]!];
    const letters = ["A", "B", "C", "D"];
    const text = `${pick(preambles)}Subject: ${subject.name}. ${question} ${options.map((o, i) => `${letters[i]}) ${o}`).join(" ")}`;
    const visibleDifficulty = (computing ? computeAdd : kind.add) + (allOfTheAbove ? 0.4 : 0);
    // hidden: a misconception distractor (the cheap model falls for it), a wrong answer key, noise
    const trap = random() < 0.1;
    const wrongKey = random() < 0.03;
    const noise = 0.55 * gaussian(random);
    const difficulty = visibleDifficulty + noise;
    const z = {
      cheap: 3.15 + subject.cheap - 1.5 * difficulty - (trap ? 2.2 : 0),
      strong: 3.4 + subject.strong - 0.6 * difficulty - (trap ? 0.5 : 0),
    };
    // four options: a model that does not know still guesses right a quarter of the time
    const chance = wrongKey
      ? { cheap: 0.05, strong: 0.05 }
      : { cheap: 0.25 + 0.75 * sigmoid(z.cheap), strong: 0.25 + 0.75 * sigmoid(z.strong) };
    const tokensIn = Math.ceil(text.length / 4) + 30;
    const tokensOut = computing ? 90 : 12 + 20 * kind.add;
    return {
      text,
      difficulty,
      visibleDifficulty,
      visibleChance: 0.25 + 0.75 * sigmoid(3.15 + subject.cheap - 1.5 * visibleDifficulty),
      chance,
      outcome: drawOutcomes(chance, tokensIn, tokensOut, PRICES, random),
    };
  });
}
