// Research harness (dev tasks and dev seeds only): threshold rules compared on the same learned routers.
// Per draw the router learns once (defaults, no verify line); every rule then chooses a threshold from
// the out-of-fold scores and training outcomes, and is measured on the test draw: realised q (accuracy ÷
// strong), expected q (true chances) and cost saved.
//   TASKS=arithmetic,support,code,helpdesk node --import tsx bench/routing/threshold-rules.ts
//   TRAIN_ITEMS=10000 (a larger training draw), NODEDUP=1 (a test draw with repeats of training texts)
import {
  decideRoute,
  learnRouter,
  loadRouter,
  pairedQuality,
  policyScores,
  candidateThresholds,
  type RoutingPolicy,
} from "@switchyard/evals";
import { draws, mean, routes, toTraining } from "./evaluate";
import { TASKS } from "./tasks";

const tasks = (process.env.TASKS ?? "arithmetic,support,code,helpdesk").split(",");
const seeds = (process.env.SEEDS ?? "101,102,103,104,105").split(",").map(Number);
const TRAIN_ITEMS = Number(process.env.TRAIN_ITEMS ?? "2000");
const DEV = new Set(["arithmetic", "support", "code", "helpdesk"]);

type Outcome = { passed: number; costUsd: number };
interface Train {
  scores: number[]; // cheap route's policy score
  chances: [number, number][]; // calibrated (cheap, strong)
  outcomes: [Outcome, Outcome][]; // (cheap, strong)
  /** 1 ÷ the number of training items with the same text: each distinct text counts once. */
  textWeights: number[];
}
/** A rule returns the threshold on the cheap route's score. */
type Rule = (train: Train) => number;

/** The curve with every distinct text counted once (the population of a test draw without repeats). */
function distinctCurveAt(train: Train, t: number) {
  let [w, passed, best, rr, ss, rs] = [0, 0, 0, 0, 0, 0];
  train.scores.forEach((score, i) => {
    const weight = train.textWeights[i]!;
    const [c, s] = train.outcomes[i]!;
    const r = score >= t ? c.passed : s.passed;
    w += weight;
    passed += weight * r;
    best += weight * s.passed;
    rr += weight * r * r;
    ss += weight * s.passed * s.passed;
    rs += weight * r * s.passed;
  });
  // sums scaled to w distinct texts, which is the effective sample size
  return { ...pairedQuality({ n: w, passed, best, rr, ss, rs }), cost: curveAt(train, t).cost };
}

function singletonCurveAt(train: Train, t: number) {
  let [w, passed, best, rr, ss, rs] = [0, 0, 0, 0, 0, 0];
  train.scores.forEach((score, i) => {
    if (train.textWeights[i] !== 1) return;
    const [c, s] = train.outcomes[i]!;
    const r = score >= t ? c.passed : s.passed;
    w += 1;
    passed += r;
    best += s.passed;
    rr += r * r;
    ss += s.passed * s.passed;
    rs += r * s.passed;
  });
  return { ...pairedQuality({ n: w, passed, best, rr, ss, rs }), cost: curveAt(train, t).cost };
}

/** The lower of the two bounds: the threshold must hold on the training traffic and on new texts. */
function bothCurveAt(train: Train, t: number) {
  const [all, single] = [curveAt(train, t), singletonCurveAt(train, t)];
  return all.ratio - 1.645 * all.stdError < single.ratio - 1.645 * single.stdError ? all : single;
}

function curveAt(train: Train, t: number) {
  let passed = 0,
    best = 0,
    rr = 0,
    ss = 0,
    rs = 0,
    cost = 0,
    model = 0,
    modelBest = 0;
  train.scores.forEach((score, i) => {
    const cheap = score >= t;
    const [c, s] = train.outcomes[i]!;
    const r = cheap ? c.passed : s.passed;
    passed += r;
    best += s.passed;
    rr += r * r;
    ss += s.passed * s.passed;
    rs += r * s.passed;
    cost += cheap ? c.costUsd : s.costUsd;
    model += cheap ? train.chances[i]![0] : train.chances[i]![1];
    modelBest += train.chances[i]![1];
  });
  const n = train.scores.length;
  return { ...pairedQuality({ n, passed, best, rr, ss, rs }), cost, modelRatio: model / modelBest };
}

const byBound =
  (
    bound: (p: ReturnType<typeof curveAt>) => number,
    at: (train: Train, t: number) => { ratio: number; stdError: number; cost: number } = curveAt,
  ): Rule =>
  (train) => {
    const candidates = candidateThresholds(train.scores.map((s) => [s]));
    let chosen = 1.01;
    let cost = Infinity;
    for (const t of candidates) {
      const point = at(train, t) as ReturnType<typeof curveAt>;
      if (bound(point) >= 0.95 - 1e-12 && point.cost < cost) [chosen, cost] = [t, point.cost];
    }
    return chosen;
  };

const rules: Record<string, Rule> = {
  "z1.645 (current)": byBound((p) => p.ratio - 1.645 * p.stdError),
  "z1.282": byBound((p) => p.ratio - 1.282 * p.stdError),
  "z1.0": byBound((p) => p.ratio - 1.0 * p.stdError),
  "z2.326 (√2·1.645)": byBound((p) => p.ratio - 2.326 * p.stdError),
  "model ratio − 1.645 SE": byBound((p) => p.modelRatio - 1.645 * p.stdError),
  "min(emp, model) − 1.282 SE": byBound((p) => Math.min(p.ratio, p.modelRatio) - 1.282 * p.stdError),
  "mean(emp, model) − 1.645 SE": byBound((p) => (p.ratio + p.modelRatio) / 2 - 1.645 * p.stdError),
  "distinct texts − 1.645 SE": byBound((p) => p.ratio - 1.645 * p.stdError, distinctCurveAt),
  // Good–Turing: the items whose text occurs once in training stand for requests whose text is new
  "singletons − 1.645 SE": byBound((p) => p.ratio - 1.645 * p.stdError, singletonCurveAt),
  "both: all and singletons − 1.645 SE": byBound((p) => p.ratio - 1.645 * p.stdError, bothCurveAt),
};

const f = (x: number) => x.toFixed(3);
for (const task of tasks) {
  if (!DEV.has(task)) throw new Error(`${task} is not a development task`);
  const results: Record<string, { q: number; eq: number; saved: number }[]> = {};
  for (const seed of seeds) {
    // TRAIN_ITEMS: a larger training draw (the test draw stays 2,000 items whose texts are not in it)
    const { train, test: drawn } = draws(TASKS[task]!.make, seed, seed + 100, TRAIN_ITEMS);
    // NODEDUP=1: a test draw like the training traffic, repeats of training texts included
    const test = process.env.NODEDUP ? TASKS[task]!.make(2_000, seed + 100) : drawn.slice(0, 2_000);
    const { artifact, report, outOfFold } = learnRouter(routes, train.map(toTraining));
    const policy = (report.policy ?? "chance") as RoutingPolicy;
    // ordered cheapest first: 0 cheap, 1 strong
    const trainSet: Train = {
      scores: outOfFold.map((c) => policyScores(c, 1, policy)[0]!),
      chances: outOfFold.map((c) => [c[0]!, c[1]!]),
      outcomes: train.map((item) => [item.outcome.cheap, item.outcome.strong]),
      textWeights: (() => {
        const counts = new Map<string, number>();
        train.forEach((item) => counts.set(item.text, (counts.get(item.text) ?? 0) + 1));
        return train.map((item) => 1 / counts.get(item.text)!);
      })(),
    };
    const router = loadRouter(artifact);
    const testScores = test.map((item) => {
      const d = decideRoute(router, item.text);
      return (d.scores ?? d.chances).cheap!;
    });
    const strongAcc = mean(test.map((item) => item.outcome.strong.passed));
    const strongCost = mean(test.map((item) => item.outcome.strong.costUsd));
    const strongExp = mean(test.map((item) => item.chance.strong));
    for (const [name, rule] of Object.entries(rules)) {
      const t = rule(trainSet);
      if (process.env.DIAG && name.startsWith("z1.645")) {
        const p = curveAt(trainSet, t);
        const share = mean(testScores.map((s) => (s >= t ? 1 : 0)));
        const cvShare = mean(trainSet.scores.map((s) => (s >= t ? 1 : 0)));
        const counts = new Map<string, number>();
        train.forEach((item) => counts.set(item.text, (counts.get(item.text) ?? 0) + 1));
        const unique = train.flatMap((item, i) => (counts.get(item.text) === 1 ? [i] : []));
        const uniqueShare = mean(unique.map((i) => (trainSet.scores[i]! >= t ? 1 : 0)));
        console.log(`  unique texts ${unique.length}/${train.length}, their cv share ${f(uniqueShare)}`);
        console.log(
          `  ${task} ${seed} ${policy} t ${t.toFixed(4)} cv ${f(p.ratio)} se ${p.stdError.toFixed(4)} model ${f(p.modelRatio)} cvShare ${f(cvShare)} share ${f(share)} strongAcc ${f(strongAcc)}`,
        );
      }
      const cheap = testScores.map((s) => s >= t);
      const pick = <T>(i: number, a: T, b: T) => (cheap[i] ? a : b);
      (results[name] ??= []).push({
        q: mean(test.map((item, i) => pick(i, item.outcome.cheap.passed, item.outcome.strong.passed))) / strongAcc,
        eq: mean(test.map((item, i) => pick(i, item.chance.cheap, item.chance.strong))) / strongExp,
        saved: 1 - mean(test.map((item, i) => pick(i, item.outcome.cheap.costUsd, item.outcome.strong.costUsd))) / strongCost,
      });
    }
  }
  for (const [name, rows] of Object.entries(results))
    console.log(
      `${task} ${name}`.padEnd(42),
      `q ${f(mean(rows.map((r) => r.q)))} (min ${f(Math.min(...rows.map((r) => r.q)))})`,
      `E[q] ${f(mean(rows.map((r) => r.eq)))} (min ${f(Math.min(...rows.map((r) => r.eq)))})`,
      `≥0.95 ${rows.filter((r) => r.q >= 0.95).length}/${rows.length}`,
      `saved ${f(mean(rows.map((r) => r.saved)))}`,
    );
}
