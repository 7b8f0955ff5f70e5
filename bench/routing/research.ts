// Research harness (dev seeds only): out-of-fold and test predictions for learner variants, then
// several routing scores and threshold rules evaluated on them. Never run on bench:routing's seeds.
import { decideRoute, learnRouter, loadRouter, type LearnOptions } from "@switchyard/evals";
import { makeTask, type TaskItem } from "./task";

const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / (v.length || 1);
const seeds = (process.env.SEEDS ?? "101,102,103,104,105").split(",").map(Number);
const f = (x: number) => x.toFixed(3);
const variants: Record<string, LearnOptions> = JSON.parse(process.argv[2] ?? '{"new":{}}');
const routes = [
  { key: "strong", label: "strong" },
  { key: "cheap", label: "cheap" },
];

function predictions(train: TaskItem[], test: TaskItem[], v: LearnOptions) {
  const t0 = performance.now();
  const { artifact, report, outOfFold } = learnRouter(
    routes,
    train.map((item) => ({ text: item.text, outcomes: [item.outcome.strong, item.outcome.cheap] })),
    v,
  );
  const ms = performance.now() - t0;
  const router = loadRouter(artifact);
  const decisions = test.map((item) => decideRoute(router, item.text));
  const picked = decisions.map((d, k) => test[k]!.outcome[d.route as "cheap" | "strong"]);
  return {
    ms,
    l2: report.regularisation.map((r) => r.l2).join("/"),
    threshold: artifact.threshold,
    shipped: { acc: mean(picked.map((o) => o.passed)), cost: mean(picked.map((o) => o.costUsd)) },
    oof: { cheap: outOfFold.map((c) => c[0]!), strong: outOfFold.map((c) => c[1]!) },
    test: { cheap: decisions.map((d) => d.chances.cheap!), strong: decisions.map((d) => d.chances.strong!) },
  };
}

type Score = (pc: number, ps: number, cost: number) => number;
const scores: Record<string, Score> = {
  P: (pc) => pc,
  D: (pc, ps) => pc - ps,
  DC: (pc, ps, c) => (pc - ps) / c,
};

/** Points of "send the k items with the highest score to cheap": accuracy and cost for every k. */
function curve(items: TaskItem[], score: number[]) {
  const order = score.map((_, i) => i).sort((a, b) => score[b]! - score[a]!);
  let acc = mean(items.map((i) => i.outcome.strong.passed)) * items.length;
  let cost = mean(items.map((i) => i.outcome.strong.costUsd)) * items.length;
  const points = [{ k: 0, acc: acc / items.length, cost: cost / items.length, thr: Infinity }];
  order.forEach((i, n) => {
    acc += items[i]!.outcome.cheap.passed - items[i]!.outcome.strong.passed;
    cost += items[i]!.outcome.cheap.costUsd - items[i]!.outcome.strong.costUsd;
    const next = order[n + 1];
    points.push({
      k: n + 1,
      acc: acc / items.length,
      cost: cost / items.length,
      thr: next === undefined ? -Infinity : (score[i]! + score[next]!) / 2,
    });
  });
  return points;
}

function lengthCostModel(train: TaskItem[]) {
  // strong cost ≈ a + b·chars, least squares
  const xs = train.map((i) => i.text.length);
  const ys = train.map((i) => i.outcome.strong.costUsd);
  const mx = mean(xs);
  const my = mean(ys);
  const b = xs.reduce((s, x, i) => s + (x - mx) * (ys[i]! - my), 0) / xs.reduce((s, x) => s + (x - mx) ** 2, 0);
  return (text: string) => my + b * (text.length - mx);
}

for (const [name, v] of Object.entries(variants)) {
  const table: Record<string, { q: number; saved: number; best: number }[]> = {};
  for (const seed of seeds) {
    const train = makeTask(2_000, seed);
    const texts = new Set(train.map((i) => i.text));
    const test = makeTask(4_000, seed + 100)
      .filter((i) => !texts.has(i.text))
      .slice(0, 2_000);
    const p = predictions(train, test, v);
    const costOf = lengthCostModel(train);
    (table["shipped"] ??= []).push({
      q: p.shipped.acc / mean(test.map((i) => i.outcome.strong.passed)),
      saved: 1 - p.shipped.cost / mean(test.map((i) => i.outcome.strong.costUsd)),
      best: p.threshold,
    });
    console.log(`seed ${seed}: ${Math.round(p.ms)} ms, l2 ${p.l2}, threshold ${p.threshold}`);
    const strongTrain = mean(train.map((i) => i.outcome.strong.passed));
    const strongTest = mean(test.map((i) => i.outcome.strong.passed));
    const strongTestCost = mean(test.map((i) => i.outcome.strong.costUsd));
    for (const [sname, s] of Object.entries(scores)) {
      const oofScore = train.map((it, i) => s(p.oof.cheap[i]!, p.oof.strong[i]!, costOf(it.text)));
      const testScore = test.map((it, i) => s(p.test.cheap[i]!, p.test.strong[i]!, costOf(it.text)));
      const testCurve = curve(test, testScore);
      const best = 1 - Math.min(...testCurve.filter((pt) => pt.acc >= 0.95 * strongTest).map((pt) => pt.cost)) / strongTestCost;
      for (const margin of [1, 0.5, 0]) {
        const target = 0.95 * strongTrain;
        const cv = curve(train, oofScore).filter((pt) => pt.acc - margin * Math.sqrt((pt.acc * (1 - pt.acc)) / train.length) >= target);
        const chosen = cv.reduce((a, b) => (b.cost < a.cost ? b : a));
        const sent = test.map((_, i) => testScore[i]! > chosen.thr);
        const acc = mean(test.map((it, i) => (sent[i] ? it.outcome.cheap.passed : it.outcome.strong.passed)));
        const cost = mean(test.map((it, i) => (sent[i] ? it.outcome.cheap.costUsd : it.outcome.strong.costUsd)));
        (table[`${sname} m${margin}`] ??= []).push({ q: acc / strongTest, saved: 1 - cost / strongTestCost, best });
      }
    }
    // oracles: true chances, P vs DC with true cost
    const oracle = (sc: number[]) => {
      const c = curve(test, sc);
      return 1 - Math.min(...c.filter((pt) => pt.acc >= 0.95 * strongTest).map((pt) => pt.cost)) / strongTestCost;
    };
    const vis = (d: number) => ({ cheap: 1 / (1 + Math.exp(-(4.6 - 1.6 * d))), strong: 1 / (1 + Math.exp(-(4.6 - 0.55 * d))) });
    (table["oracle"] ??= []).push({
      q: oracle(test.map((i) => i.chance.cheap)),
      saved: oracle(test.map((i) => (i.chance.cheap - i.chance.strong) / i.outcome.strong.costUsd)),
      best: oracle(test.map((i) => (vis(i.visibleDifficulty).cheap - vis(i.visibleDifficulty).strong) / i.outcome.strong.costUsd)),
    });
    (table["oracleVisP"] ??= []).push({ q: oracle(test.map((i) => -i.visibleDifficulty)), saved: 0, best: 0 });
  }
  console.log(`== ${name}`);
  for (const [k, rows] of Object.entries(table))
    console.log(
      k.padEnd(10),
      rows.map((r) => `${f(r.q)}/${f(r.saved)}`).join(" "),
      `| mean q ${f(mean(rows.map((r) => r.q)))} min q ${f(Math.min(...rows.map((r) => r.q)))} saved ${f(mean(rows.map((r) => r.saved)))} best ${f(mean(rows.map((r) => r.best)))}`,
    );
}
