// A development task for the routing policies (a sixth synthetic task; not held out: settings may be
// compared on it, which the held-out word and trivia tasks never are). Questions to an internal IT
// helpdesk bot that answers from the company's documentation, where a share of the requests cannot be
// answered by either model, as real support traffic is: the answer depends on the asker's own records
// (a ticket, an order, a manager's decision) that the bot does not see, or the documentation is missing
// or out of date. Its generator differs from the trivia task's: the knowledge gap is per topic and per
// kind of request, not per entity.
// Visible in the text: the topic (some topics are better documented than others), the kind of request
// (a lookup, a how-to, troubleshooting with an error code, a multi-part request, a comparison), how many
// things it asks, an error code, and a reference to the asker's own records ("my ticket INC-4821", "what
// did my manager approve"), which usually makes it unanswerable. Hidden: the topic's page is out of date
// or missing for this request (a fifth of the requests), a personal reference phrased without any tell,
// and per-item noise. So about a third of the requests fail on both models, only partly visibly. Two
// simulated fixture models answer: a cheap one and a strong one about 20× dearer per token.
import { seededRandom } from "@switchyard/evals";
import { drawOutcomes, type TaskItem, type TaskPrices } from "./task";

const PRICES: TaskPrices = {
  cheap: { inPerToken: 0.2e-6, outPerToken: 0.8e-6 },
  strong: { inPerToken: 4e-6, outPerToken: 16e-6 },
};

/** Topics and how well the documentation covers them (0 well, 1 barely). */
const topics = [
  { name: "password reset", thing: "my password", gap: 0 },
  { name: "VPN", thing: "the VPN client", gap: 0.2 },
  { name: "printer", thing: "the office printer", gap: 0.3 },
  { name: "laptop", thing: "my laptop", gap: 0.2 },
  { name: "email", thing: "Outlook", gap: 0.1 },
  { name: "expenses", thing: "the expense tool", gap: 0.5 },
  { name: "payroll", thing: "my payslip", gap: 0.7 },
  { name: "licences", thing: "a software licence", gap: 0.6 },
  { name: "badge", thing: "my door badge", gap: 0.4 },
  { name: "SSO", thing: "single sign-on", gap: 0.5 },
];
const kinds = [
  { add: 0, ask: (thing: string) => `Where do I find the settings for ${thing}?` },
  { add: 0.4, ask: (thing: string) => `How do I set up ${thing} on a new machine?` },
  { add: 1.0, ask: (thing: string, code: string) => `${thing} fails with error ${code}. How do I fix it?` },
  { add: 1.4, ask: (thing: string, code: string) => `After the update ${thing} shows ${code} and then freezes; what should I try?` },
  {
    add: 1.7,
    ask: (thing: string, _code: string, other: string) => `What is the difference between the policy for ${thing} and for ${other}?`,
  },
];
const extras = [
  " Also, can I do it from home?",
  " And does this apply to contractors?",
  " And how long does it usually take?",
  " Also who approves it?",
];
const personal = [
  (thing: string) => ` It is about my ticket INC-${thing.length * 97 + 1000}.`,
  () => " What did my manager approve last week?",
  () => " Why was my request rejected?",
  () => " Is my order already shipped?",
];
const openers = ["", "", "", "Hi. ", "Hello team. ", "Urgent: ", "Sorry to bother you. "];

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));
function gaussian(random: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

export function makeHelpdeskTask(count: number, seed: number): TaskItem[] {
  const random = seededRandom(seed);
  const pick = <T>(list: T[]) => list[Math.floor(random() * list.length)]!;
  return Array.from({ length: count }, () => {
    const topic = pick(topics);
    const other = pick(topics);
    const kind = kinds[Math.floor(random() ** 1.3 * kinds.length)]!;
    const code = `0x${Math.floor(random() * 0xfff)
      .toString(16)
      .padStart(3, "0")}`;
    const extraCount = Math.floor(random() ** 2 * 3);
    const extra = Array.from({ length: extraCount }, () => pick(extras)).join("");
    const visiblePersonal = random() < 0.16;
    // hidden: the answer depends on the asker's records although the text does not say so
    const hiddenPersonal = !visiblePersonal && random() < 0.08;
    // hidden: this request's documentation is missing or out of date, more often on thinly covered topics
    const stale = random() < 0.15 + 0.3 * topic.gap;
    const asked = kind.ask(topic.thing, code, other.thing);
    let text = `${pick(openers)}${asked[0]!.toUpperCase()}${asked.slice(1)}${extra}`;
    if (visiblePersonal) text += pick(personal)(topic.thing);
    const unanswerable = visiblePersonal || hiddenPersonal ? 1 : 0;
    const visibleDifficulty = kind.add + 0.5 * extraCount + 0.8 * topic.gap;
    const difficulty = visibleDifficulty + 0.5 * gaussian(random);
    const noise = 0.4 * gaussian(random);
    // grounding: the documentation must cover the request; neither model can answer from records it does
    // not see, and the strong model recovers a little more often from a stale page
    const grounded = {
      cheap: sigmoid(3.5 - 1.5 * topic.gap - 5 * unanswerable - 4 * (stale ? 1 : 0) + noise),
      strong: sigmoid(3.9 - 1 * topic.gap - 5 * unanswerable - 3.2 * (stale ? 1 : 0) + noise),
    };
    const reasons = { cheap: sigmoid(3.4 - 1.6 * difficulty), strong: sigmoid(4 - 0.7 * difficulty) };
    const chance = { cheap: grounded.cheap * reasons.cheap, strong: grounded.strong * reasons.strong };
    const visibleGrounded = sigmoid(3.5 - 1.5 * topic.gap - 5 * (visiblePersonal ? 1 : 0));
    const tokensIn = Math.ceil(text.length / 4) + 400; // the retrieved documentation
    const tokensOut = 60 + 50 * kind.add + 30 * extraCount;
    return {
      text,
      difficulty,
      visibleDifficulty,
      visibleChance: visibleGrounded * sigmoid(3.4 - 1.6 * visibleDifficulty),
      chance,
      outcome: drawOutcomes(chance, tokensIn, tokensOut, PRICES, random),
    };
  });
}
