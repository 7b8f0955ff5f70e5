// L2-regularised logistic regression on sparse features by seeded SGD (Bottou's schedule with the
// weight-scale trick, so the L2 shrink costs O(1) per step). Labels are pass rates in [0, 1], so an item
// scored over several repeats counts as the share of repeats it passed.
import type { SparseVector } from "./features";
import { seededRandom } from "../random";

export interface LogisticOptions {
  l2: number;
  epochs: number;
  learningRate: number;
  seed: number;
}

export const defaultLogisticOptions: LogisticOptions = { l2: 1e-4, epochs: 8, learningRate: 0.5, seed: 1 };

export interface LogisticModel {
  weights: Float64Array;
  bias: number;
}

export function shuffled<T>(items: T[], random: () => number): T[] {
  const copy = items.slice();
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy;
}

const sigmoid = (z: number) => 1 / (1 + Math.exp(-Math.max(-35, Math.min(35, z))));

function dot(weights: Float64Array, x: SparseVector): number {
  let sum = 0;
  for (let k = 0; k < x.idx.length; k++) sum += weights[x.idx[k]!]! * x.val[k]!;
  return sum;
}

export function trainLogistic(xs: SparseVector[], ys: number[], dims: number, options: LogisticOptions): LogisticModel {
  const v = new Float64Array(dims);
  let scale = 1;
  const mean = ys.reduce((a, b) => a + b, 0) / (ys.length || 1);
  // start at the base rate: a route that (almost) always passes needs no steps to say so
  let bias = Math.log((mean + 1e-3) / (1 - mean + 1e-3));
  const random = seededRandom(options.seed);
  const order = xs.map((_, i) => i);
  let t = 0;
  for (let epoch = 0; epoch < options.epochs; epoch++) {
    for (const i of shuffled(order, random)) {
      const eta = options.learningRate / (1 + options.learningRate * options.l2 * t++);
      const x = xs[i]!;
      const gradient = sigmoid(scale * dot(v, x) + bias) - ys[i]!;
      scale *= 1 - eta * options.l2;
      if (scale < 1e-9) {
        for (let j = 0; j < v.length; j++) v[j]! *= scale;
        scale = 1;
      }
      const step = (eta * gradient) / scale;
      for (let k = 0; k < x.idx.length; k++) v[x.idx[k]!]! -= step * x.val[k]!;
      bias -= eta * gradient * 0.1; // a slower bias: it is shared by every item
    }
  }
  for (let j = 0; j < v.length; j++) v[j]! *= scale;
  return { weights: v, bias };
}

export const predictLogistic = (model: LogisticModel, x: SparseVector) => sigmoid(dot(model.weights, x) + model.bias);
