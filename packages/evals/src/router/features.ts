// Text → sparse feature vector for the learned router: hashed word uni/bi-grams and character 3–5-grams
// (each group L2-normalised so a long request does not outweigh a short one), plus a few dense signals
// (length, digits, symbols) and, optionally, the workspace's embedding of the text. The spec is stored in
// the artifact so prediction extracts exactly what training saw.
import { z } from "zod";

export const featureSpecSchema = z.object({
  /** Hash space of the n-gram features (a power of two). */
  hashBits: z.number().int().min(10).max(22),
  wordNgrams: z.tuple([z.number().int().min(1), z.number().int().max(3)]),
  charNgrams: z.tuple([z.number().int().min(1), z.number().int().max(8)]),
  /** Only the first this many characters are read: prediction time stays bounded for huge requests. */
  maxChars: z.number().int().positive(),
  /** Dimensions of the embedding appended after the dense signals; 0 when none is used. */
  embeddingDims: z.number().int().min(0).max(8_192),
  embeddingModel: z.string().default(""),
  /**
   * The training set's mean and standard deviation of each dense signal: prediction standardises them
   * the same way (z-scores), so a signal's weight does not depend on its unit. Absent in routers trained
   * before it existed (they read the raw signals).
   */
  denseScale: z.object({ mean: z.array(z.number()).length(6), std: z.array(z.number().positive()).length(6) }).optional(),
});
export type FeatureSpec = z.infer<typeof featureSpecSchema>;

export const defaultFeatureSpec: FeatureSpec = {
  hashBits: 18,
  wordNgrams: [1, 2],
  charNgrams: [3, 5],
  maxChars: 4_000,
  embeddingDims: 0,
  embeddingModel: "",
};

export const DENSE_SIGNALS = 6;
const DENSE = DENSE_SIGNALS;

/** Total dimensions: hashed n-grams, then the dense signals, then the embedding. */
export const featureDims = (spec: FeatureSpec) => (1 << spec.hashBits) + DENSE + spec.embeddingDims;

export interface SparseVector {
  idx: Int32Array;
  val: Float64Array;
}

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/** FNV-1a over a string with a per-group salt, so a word "abc" and a 3-gram "abc" land apart. */
function hash(text: string, salt: number): number {
  let h = (FNV_OFFSET ^ salt) >>> 0;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), FNV_PRIME);
  return h >>> 0;
}

/** Adds a group of hashed keys as presence features scaled to unit length (duplicates count once). */
function addGroup(into: Map<number, number>, slots: Set<number>) {
  const norm = 1 / Math.sqrt(slots.size || 1);
  for (const slot of slots) into.set(slot, (into.get(slot) ?? 0) + norm);
}

/**
 * Standardises the dense signals of vectors extracted without a `denseScale`, in place, and returns the
 * scale (the training set's mean and standard deviation of each) for the spec. Unsupervised: no label is
 * read, so computing it once over every training item leaks nothing into cross-validation.
 */
export function standardiseDense(spec: FeatureSpec, xs: SparseVector[]): NonNullable<FeatureSpec["denseScale"]> {
  const base = 1 << spec.hashBits;
  const sums = new Float64Array(DENSE);
  const squares = new Float64Array(DENSE);
  const each = (visit: (x: SparseVector, k: number, signal: number) => void) => {
    for (const x of xs)
      for (let k = 0; k < x.idx.length; k++) {
        const signal = x.idx[k]! - base;
        if (signal >= 0 && signal < DENSE) visit(x, k, signal);
      }
  };
  each((x, k, signal) => {
    sums[signal]! += x.val[k]!;
    squares[signal]! += x.val[k]! ** 2;
  });
  const n = xs.length || 1;
  const mean = Array.from(sums, (sum) => sum / n);
  // a signal (nearly) constant over the training set keeps its unit: its z-score would be noise
  const std = Array.from(squares, (square, i) => {
    const sd = Math.sqrt(Math.max(0, square / n - mean[i]! ** 2));
    return sd > 1e-6 ? sd : 1;
  });
  each((x, k, signal) => (x.val[k] = standardised(x.val[k]!, mean[signal]!, std[signal]!)));
  return { mean, std };
}

/**
 * A dense signal as a z-score clipped to ±3 and divided by √6, so the six together have about unit length
 * like every hashed group: a request far outside the training range (a text much longer or more numeric
 * than any seen) cannot outvote its words, it reads as "as extreme as anything seen".
 */
function standardised(value: number, mean: number, std: number): number {
  return Math.max(-3, Math.min(3, (value - mean) / std)) / Math.sqrt(DENSE);
}

export function extractFeatures(spec: FeatureSpec, rawText: string, embedding?: number[]): SparseVector {
  const text = rawText.slice(0, spec.maxChars).toLowerCase();
  const mask = (1 << spec.hashBits) - 1;
  const features = new Map<number, number>();
  const words = text.match(/[\p{L}\p{N}]+|[^\s\p{L}\p{N}]/gu) ?? [];
  const wordSlots = new Set<number>();
  for (let n = spec.wordNgrams[0]; n <= spec.wordNgrams[1]; n++)
    for (let i = 0; i + n <= words.length; i++) wordSlots.add(hash(words.slice(i, i + n).join(" "), 1) & mask);
  addGroup(features, wordSlots);
  // character n-grams hashed in one rolling pass per start position: no substring is ever built
  const padded = ` ${text.replace(/\s+/g, " ")} `;
  const [shortest, longest] = spec.charNgrams;
  const charSlots = new Set<number>();
  for (let i = 0; i + shortest <= padded.length; i++) {
    let h = (FNV_OFFSET ^ 2) >>> 0;
    for (let n = 1; n <= longest && i + n <= padded.length; n++) {
      h = Math.imul(h ^ padded.charCodeAt(i + n - 1), FNV_PRIME);
      if (n >= shortest) charSlots.add((h ^ n) & mask);
    }
  }
  addGroup(features, charSlots);

  const base = 1 << spec.hashBits;
  const length = rawText.length || 1;
  const digits = (text.match(/\p{N}/gu) ?? []).length;
  const symbols = (text.match(/[^\s\p{L}\p{N}]/gu) ?? []).length;
  const numbers = (text.match(/\p{N}+/gu) ?? []).length;
  const dense = [
    Math.log1p(rawText.length) / 8,
    Math.log1p(words.length) / 6,
    digits / length,
    symbols / length,
    Math.log1p(numbers) / 3,
    Math.log1p(digits) / 4,
  ];
  const scale = spec.denseScale;
  dense.forEach((value, i) => features.set(base + i, scale ? standardised(value, scale.mean[i]!, scale.std[i]!) : value));
  if (spec.embeddingDims) {
    if (!embedding || embedding.length !== spec.embeddingDims)
      throw new Error(`The router was trained with ${spec.embeddingDims}-dimension embeddings; got ${embedding?.length ?? "none"}`);
    embedding.forEach((value, i) => features.set(base + DENSE + i, value));
  }
  const idx = Int32Array.from(features.keys()).sort();
  const val = Float64Array.from(idx, (slot) => features.get(slot)!);
  return { idx, val };
}
