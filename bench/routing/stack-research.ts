// Research harness (dev tasks and dev seeds only): a second-stage model on the two routes' out-of-fold
// logits (stacking with their interaction and squares), to predict each route's pass from both routes'
// first-stage predictions: the gap is zero for easy and for hopeless requests and large in between,
// which the difference of two linear models of the text cannot bend to. Measures the ranking (hindsight
// best saving on the test draw) and the saving at the current threshold rule.
//   TASKS=arithmetic,support,code,helpdesk node --import tsx bench/routing/stack-research.ts
import {
  assignFolds,
  chooseThreshold,
  candidateThresholds,
  decideRoute,
  extractRows,
  learnRouter,
  loadRouter,
  policyPoint,
  singleModels,
} from "@switchyard/evals";
import { bestSaving, draws, mean, routes, toTraining } from "./evaluate";
import { TASKS } from "./tasks";

const tasks = (process.env.TASKS ?? "arithmetic,support,code,helpdesk").split(",");
const seeds = (process.env.SEEDS ?? "101,102,103,104,105").split(",").map(Number);
const DEV = new Set(["arithmetic", "support", "code", "helpdesk"]);
const RIDGE = Number(process.env.RIDGE ?? "1");
const logit = (p: number) => Math.log(Math.min(1 - 1e-6, Math.max(1e-6, p)) / (1 - Math.min(1 - 1e-6, Math.max(1e-6, p))));
const sigmoid = (z: number) => 1 / (1 + Math.exp(-Math.max(-35, Math.min(35, z))));
const inputs = (c: number, s: number) => {
  const [a, b] = [logit(c) / 3, logit(s) / 3];
  return process.env.LINEAR ? [1, a, b] : [1, a, b, a * b, a * a, b * b];
};

/** Ridge logistic regression by Newton's method on a few dense inputs (labels in [0, 1]). */
function fit(xs: number[][], ys: number[], ridge: number): number[] {
  const d = xs[0]!.length;
  let w = new Array<number>(d).fill(0);
  for (let it = 0; it < 25; it++) {
    const g = new Array<number>(d).fill(0);
    const h = Array.from({ length: d }, () => new Array<number>(d).fill(0));
    xs.forEach((x, i) => {
      const p = sigmoid(x.reduce((s, v, k) => s + v * w[k]!, 0));
      const r = p - ys[i]!;
      const q = p * (1 - p);
      for (let a = 0; a < d; a++) {
        g[a]! += r * x[a]!;
        for (let b = 0; b < d; b++) h[a]![b]! += q * x[a]! * x[b]!;
      }
    });
    for (let a = 1; a < d; a++) {
      g[a]! += ridge * w[a]!;
      h[a]![a]! += ridge;
    }
    h[0]![0]! += 1e-9;
    const step = solve(h, g);
    w = w.map((v, k) => v - step[k]!);
    if (Math.max(...step.map(Math.abs)) < 1e-8) break;
  }
  return w;
}
function solve(a: number[][], b: number[]): number[] {
  const n = b.length;
  const m = a.map((row, i) => [...row, b[i]!]);
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r]![c]!) > Math.abs(m[p]![c]!)) p = r;
    [m[c], m[p]] = [m[p]!, m[c]!];
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = m[r]![c]! / m[c]![c]!;
      for (let k = c; k <= n; k++) m[r]![k]! -= f * m[c]![k]!;
    }
  }
  return m.map((row, i) => row[n]! / row[i]!);
}
const predict = (w: number[], x: number[]) => sigmoid(x.reduce((s, v, k) => s + v * w[k]!, 0));

/** Boosted stumps (logistic loss, Newton leaves) on top of an offset logit; x: dense inputs. */
interface Stump {
  feature: number;
  split: number;
  left: number;
  right: number;
}
const ROUNDS = Number(process.env.ROUNDS ?? "60");
function fitStumps(xs: number[][], offset: number[], ys: number[]): Stump[] {
  const d = xs[0]!.length;
  const splits = Array.from({ length: d }, (_, k) => {
    const v = xs.map((x) => x[k]!).sort((a, b) => a - b);
    return [...new Set(Array.from({ length: 15 }, (_, q) => v[Math.floor(((q + 1) / 16) * v.length)]!))];
  });
  const F = offset.slice();
  const stumps: Stump[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const g = F.map((z, i) => ys[i]! - sigmoid(z));
    const h = F.map((z) => sigmoid(z) * (1 - sigmoid(z)));
    const G = g.reduce((a, b) => a + b, 0);
    const H = h.reduce((a, b) => a + b, 0);
    let best = { gain: 0, feature: -1, split: 0, gl: 0, hl: 0 };
    for (let k = 0; k < d; k++)
      for (const split of splits[k]!) {
        let gl = 0;
        let hl = 0;
        xs.forEach((x, i) => {
          if (x[k]! <= split) {
            gl += g[i]!;
            hl += h[i]!;
          }
        });
        const gain = (gl * gl) / (hl + 10) + ((G - gl) * (G - gl)) / (H - hl + 10) - (G * G) / (H + 10);
        if (gain > best.gain) best = { gain, feature: k, split, gl, hl };
      }
    if (best.feature < 0) break;
    const stump = {
      feature: best.feature,
      split: best.split,
      left: (0.1 * best.gl) / (best.hl + 10),
      right: (0.1 * (G - best.gl)) / (H - best.hl + 10),
    };
    stumps.push(stump);
    xs.forEach((x, i) => (F[i]! += x[stump.feature]! <= stump.split ? stump.left : stump.right));
  }
  return stumps;
}
const boost = (stumps: Stump[], x: number[], offset: number) =>
  sigmoid(stumps.reduce((z, s) => z + (x[s.feature]! <= s.split ? s.left : s.right), offset));

const f = (x: number) => x.toFixed(3);
for (const task of tasks) {
  if (!DEV.has(task)) throw new Error(`${task} is not a development task`);
  const rows: Record<string, number>[] = [];
  for (const seed of seeds) {
    const { train, test } = draws(TASKS[task]!.make, seed, seed + 100);
    const { artifact, report, outOfFold } = learnRouter(routes, train.map(toTraining));
    const router = loadRouter(artifact);
    const served = test.map((item) => decideRoute(router, item.text).chances);
    const xs = outOfFold.map((c) => inputs(c[0]!, c[1]!));
    const labels = [train.map((item) => item.outcome.cheap.passed), train.map((item) => item.outcome.strong.passed)];
    const fold = assignFolds(
      train.map((item) => item.text),
      5,
      1,
    );
    // second-level out-of-fold chances, per route
    const stacked = train.map(() => [0, 0]);
    for (let r = 0; r < 2; r++)
      for (let k = 0; k < 5; k++) {
        const rowsIn = xs.flatMap((_, i) => (fold[i] === k ? [] : [i]));
        const w = fit(
          rowsIn.map((i) => xs[i]!),
          rowsIn.map((i) => labels[r]![i]!),
          RIDGE,
        );
        xs.forEach((x, i) => fold[i] === k && (stacked[i]![r] = predict(w, x)));
      }
    const full = [0, 1].map((r) => fit(xs, labels[r]!, RIDGE));
    let testStacked = served.map((c) => {
      const x = inputs(c.cheap!, c.strong!);
      return [predict(full[0]!, x), predict(full[1]!, x)];
    });
    if (process.env.GBM) {
      const spec = artifact.features;
      const base = 1 << spec.hashBits;
      const denseOf = (texts: string[]) =>
        extractRows(spec, texts).map((x) => {
          const out = new Array<number>(6).fill(0);
          for (let k = 0; k < x.idx.length; k++) if (x.idx[k]! >= base && x.idx[k]! < base + 6) out[x.idx[k]! - base] = x.val[k]!;
          return out;
        });
      const dTrain = denseOf(train.map((item) => item.text));
      const dTest = denseOf(test.map((item) => item.text));
      const gx = outOfFold.map((c, i) => [logit(c[0]!), logit(c[1]!), ...dTrain[i]!]);
      const gxTest = served.map((c, i) => [logit(c.cheap!), logit(c.strong!), ...dTest[i]!]);
      for (let r = 0; r < 2; r++) {
        for (let k = 0; k < 5; k++) {
          const rowsIn = gx.flatMap((_, i) => (fold[i] === k ? [] : [i]));
          const st = fitStumps(
            rowsIn.map((i) => gx[i]!),
            rowsIn.map((i) => gx[i]![r]!),
            rowsIn.map((i) => labels[r]![i]!),
          );
          gx.forEach((x, i) => fold[i] === k && (stacked[i]![r] = boost(st, x, x[r]!)));
        }
      }
      const fullStumps = [0, 1].map((r) =>
        fitStumps(
          gx,
          gx.map((x) => x[r]!),
          labels[r]!,
        ),
      );
      testStacked = gxTest.map((x) => [boost(fullStumps[0]!, x, x[0]!), boost(fullStumps[1]!, x, x[1]!)]);
    }
    // the current rule on the stacked gap scores
    const outcomes = train.map((item) => [item.outcome.cheap, item.outcome.strong]);
    const singles = singleModels(
      [
        { key: "cheap", label: "cheap" },
        { key: "strong", label: "strong" },
      ],
      outcomes,
    );
    const scores = stacked.map(([c, s]) => [1 - Math.max(0, s! - c!), 1]);
    const tried = candidateThresholds(scores).map((t) => policyPoint(["cheap", "strong"], scores, outcomes, t, 1));
    const choice = chooseThreshold(tried, singles, 1, 0.95, { margin: 1.645 });
    const t = choice.chosen.threshold;
    const toCheap = testStacked.map(([c, s]) => 1 - Math.max(0, s! - c!) >= t);
    const strongAcc = mean(test.map((item) => item.outcome.strong.passed));
    const strongCost = mean(test.map((item) => item.outcome.strong.costUsd));
    rows.push({
      plainChance: bestSaving(
        test,
        served.map((c) => c.cheap!),
      ),
      plainGap: bestSaving(
        test,
        served.map((c) => c.cheap! - c.strong!),
      ),
      stackedGap: bestSaving(
        test,
        testStacked.map(([c, s]) => c! - s!),
      ),
      stackedChance: bestSaving(
        test,
        testStacked.map(([c]) => c!),
      ),
      trueGap: bestSaving(
        test,
        test.map((item) => item.chance.cheap - item.chance.strong),
      ),
      currentSaved: report.choice.costSaved, // cv
      stackQ: mean(test.map((item, i) => (toCheap[i] ? item.outcome.cheap.passed : item.outcome.strong.passed))) / strongAcc,
      stackSaved: 1 - mean(test.map((item, i) => (toCheap[i] ? item.outcome.cheap.costUsd : item.outcome.strong.costUsd))) / strongCost,
    });
  }
  const m = (k: string) => f(mean(rows.map((r) => r[k]!)));
  console.log(
    `${task}: hindsight plain chance ${m("plainChance")} plain gap ${m("plainGap")} stacked gap ${m("stackedGap")} stacked chance ${m("stackedChance")} true gap ${m("trueGap")}`,
    `| stacked at the rule: q ${m("stackQ")} (min ${f(Math.min(...rows.map((r) => r.stackQ!)))}) saved ${m("stackSaved")}`,
  );
}
