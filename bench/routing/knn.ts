// The alternative learner bench:routing measures against logistic regression: k nearest neighbours by
// cosine similarity of the same sparse features, predicting a route's pass rate among the neighbours.
import type { SparseVector } from "@switchyard/evals";

function cosine(a: SparseVector, b: SparseVector): number {
  let i = 0;
  let j = 0;
  let sum = 0;
  while (i < a.idx.length && j < b.idx.length) {
    const x = a.idx[i]!;
    const y = b.idx[j]!;
    if (x === y) sum += a.val[i++]! * b.val[j++]!;
    else if (x < y) i++;
    else j++;
  }
  return sum;
}

export function knnChance(train: SparseVector[], labels: number[], x: SparseVector, k: number): number {
  const best: { similarity: number; label: number }[] = [];
  train.forEach((other, i) => {
    const similarity = cosine(x, other);
    if (best.length < k || similarity > best[best.length - 1]!.similarity) {
      best.push({ similarity, label: labels[i]! });
      best.sort((a, b) => b.similarity - a.similarity);
      if (best.length > k) best.pop();
    }
  });
  return best.reduce((sum, neighbour) => sum + neighbour.label, 0) / (best.length || 1);
}
