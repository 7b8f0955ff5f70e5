// The third synthetic task of bench:routing: questions about code, a text shape unlike the other two
// (multi-line snippets, identifiers, indentation, punctuation-heavy). What makes one hard shows partly
// in the text: what is asked (explain < find the bug < make it faster < make it thread-safe), the
// language (Python and JavaScript are easier than C++ and Rust for the cheap model), how long the
// snippet is and how deeply it nests, and concurrency or low-level calls in it (threads, locks,
// pointers, unsafe). Hidden from the text: whether the snippet's bug is a subtle one (an off-by-one
// inside an innocuous loop reads the same as a correct loop) and per-item noise. Answers grow with the
// snippet, so cost per item varies. Two simulated fixture models answer, a cheap one and a strong one
// 20× dearer per token, right or wrong once per item from a seeded generator.
import { seededRandom } from "@switchyard/evals";
import { drawOutcomes, type TaskItem, type TaskPrices } from "./task";

const PRICES: TaskPrices = {
  cheap: { inPerToken: 0.15e-6, outPerToken: 0.6e-6 },
  strong: { inPerToken: 3e-6, outPerToken: 12e-6 },
};

const asks = [
  { base: 0, answer: 60, phrasings: ["What does this {lang} code do?", "Explain this snippet:", "can you walk me through this"] },
  {
    base: 0.9,
    answer: 120,
    phrasings: ["Why does this {lang} code give the wrong result?", "Find the bug:", "this returns the wrong value sometimes, why?"],
  },
  { base: 1.4, answer: 160, phrasings: ["How can I make this {lang} code faster?", "This is too slow on large inputs. Optimise it:"] },
  { base: 2.0, answer: 200, phrasings: ["Is this {lang} code thread-safe? If not, fix it.", "We get a race condition somewhere in here:"] },
];

const languages = [
  { name: "Python", add: 0, fn: (n: string, a: string) => `def ${n}(${a}):`, indent: "    ", end: "" },
  { name: "JavaScript", add: 0.15, fn: (n: string, a: string) => `function ${n}(${a}) {`, indent: "  ", end: "}" },
  { name: "C++", add: 0.7, fn: (n: string, a: string) => `int ${n}(std::vector<int>& ${a}) {`, indent: "    ", end: "}" },
  { name: "Rust", add: 0.9, fn: (n: string, a: string) => `fn ${n}(${a}: &[i64]) -> i64 {`, indent: "    ", end: "}" },
];

const names = ["total", "merge", "find_max", "dedupe", "parse_row", "count_words", "window_sum", "flatten", "rank", "normalise"];
const args = ["items", "xs", "rows", "data", "values"];
const plainLines = [
  "x = x + 1",
  "result.append(x)",
  "acc += v",
  "if v > best: best = v",
  "out = out * 2",
  "seen.add(v)",
  "n -= 1",
  "buf[i] = v",
];
const loopHeads = ["for v in items", "while n > 0", "for i in range(len(xs))", "for row in rows"];
const risky = [
  { line: "lock.acquire()", add: 0.6 },
  { line: "threading.Thread(target=worker).start()", add: 0.7 },
  { line: "ptr = &buf[i]", add: 0.6 },
  { line: "unsafe { *p = v }", add: 0.8 },
  { line: "memcpy(dst, src, n)", add: 0.5 },
];

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));
function gaussian(random: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

export function makeCodeTask(count: number, seed: number): TaskItem[] {
  const random = seededRandom(seed);
  const pick = <T>(list: T[]) => list[Math.floor(random() * list.length)]!;
  return Array.from({ length: count }, () => {
    // easy asks and short snippets are the most common
    const ask = asks[Math.min(asks.length - 1, Math.floor(random() ** 2 * asks.length))]!;
    const language = languages[Math.min(languages.length - 1, Math.floor(random() ** 1.3 * languages.length))]!;
    const lines = 2 + Math.floor(random() ** 2.5 * 14);
    const maxDepth = 1 + Math.floor(random() ** 2 * 3);
    const body: string[] = [language.fn(pick(names), pick(args))];
    let depth = 1;
    let deepest = 1;
    let riskyHardness = 0;
    for (let k = 0; k < lines; k++) {
      const roll = random();
      if (roll < 0.2 && depth < maxDepth + 1) {
        body.push(`${language.indent.repeat(depth)}${pick(loopHeads)}:`);
        depth++;
        deepest = Math.max(deepest, depth);
      } else if (roll < 0.28) {
        const r = pick(risky);
        body.push(`${language.indent.repeat(depth)}${r.line}`);
        riskyHardness = Math.max(riskyHardness, r.add);
      } else {
        if (roll > 0.9 && depth > 1) depth--;
        body.push(`${language.indent.repeat(depth)}${pick(plainLines)}`);
      }
    }
    if (language.end) body.push(language.end);
    const question = pick(ask.phrasings).replace("{lang}", language.name);
    const text = random() < 0.5 ? `${question}\n\n${body.join("\n")}` : `${body.join("\n")}\n\n${question}`;
    const visibleDifficulty = ask.base + language.add + 0.07 * (lines - 2) + 0.3 * (deepest - 1) + riskyHardness;
    // hidden: a subtle bug in a third of the bug-hunting and thread-safety asks, and per-item noise
    const subtle = ask.base >= 0.9 && random() < 0.33 ? 1.1 : 0;
    const difficulty = visibleDifficulty + subtle + 0.5 * gaussian(random);
    const chance = { cheap: sigmoid(4.6 - 1.5 * difficulty), strong: sigmoid(4.6 - 0.55 * difficulty) };
    const tokensIn = Math.ceil(text.length / 3.5) + 120;
    const tokensOut = ask.answer + 6 * lines;
    return {
      text,
      difficulty,
      visibleDifficulty,
      visibleChance: sigmoid(4.6 - 1.5 * visibleDifficulty),
      chance,
      outcome: drawOutcomes(chance, tokensIn, tokensOut, PRICES, random),
    };
  });
}
