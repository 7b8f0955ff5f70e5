// Text → sparse feature vector for the learned router: hashed word uni/bi-grams and character 3–5-grams
// (FNV-1a with a per-group salt, so a word "abc" and a 3-gram "abc" land apart)
// (each group L2-normalised so a long request does not outweigh a short one), plus a few dense signals
// (length, digits, symbols) and, optionally, the workspace's embedding of the text. The spec is stored in
// the artifact so prediction extracts exactly what training saw.
import { z } from "zod";
import { SlotTable } from "./slot-table";

export const featureSpecSchema = z.object({
  /** Hash space of the n-gram features (a power of two). */
  hashBits: z.number().int().min(10).max(22),
  wordNgrams: z.tuple([z.number().int().min(1), z.number().int().max(3)]),
  charNgrams: z.tuple([z.number().int().min(1), z.number().int().max(8)]),
  /** At most this many characters are read: prediction time stays bounded for huge requests. */
  maxChars: z.number().int().positive(),
  /**
   * Of a request longer than `maxChars`, this many are read from its end and the rest from its start
   * (`readWindow`). Absent in routers trained before it existed: they read the start only.
   */
  tailChars: z.number().int().min(0).optional(),
  /**
   * Character n-grams are counted on this part of the read window only (its first `maxChars − tailChars`
   * characters and its last `tailChars`); word n-grams and the dense signals still read all of it.
   * Character n-grams were most of a long prompt's features (5,400 of a 2,200-character prompt's; 3,100
   * with this window), and training's work grows with them. Absent in routers trained before it existed:
   * all of the read window.
   */
  charWindow: z.object({ maxChars: z.number().int().positive(), tailChars: z.number().int().min(0) }).optional(),
  /** Dimensions of the embedding appended after the dense signals; 0 when none is used. */
  embeddingDims: z.number().int().min(0).max(8_192),
  embeddingModel: z.string().default(""),
  /**
   * The training set's mean and standard deviation of each dense signal: prediction standardises them
   * the same way (z-scores), so a signal's weight does not depend on its unit. Absent in routers trained
   * before it existed (they read the raw signals). `weight` scales the standardised group (absent: 1; see
   * `denseWeight`).
   */
  denseScale: z
    .object({
      mean: z.array(z.number()).length(6),
      std: z.array(z.number().positive()).length(6),
      weight: z.number().min(0).max(1).optional(),
    })
    .optional(),
});
export type FeatureSpec = z.infer<typeof featureSpecSchema>;

export const defaultFeatureSpec: FeatureSpec = {
  hashBits: 18,
  wordNgrams: [1, 2],
  charNgrams: [3, 5],
  maxChars: 4_000,
  tailChars: 1_000,
  charWindow: { maxChars: 1_000, tailChars: 700 },
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

const table = new SlotTable();

/**
 * The part of a request the router reads: all of it up to `maxChars`, else the first
 * `maxChars − tailChars` characters and the last `tailChars` (long prompts put the context or the
 * instructions first and the actual question last; both say what is asked). The embedding, when one is
 * used, is taken of the same text.
 */
export function readWindow(spec: Pick<FeatureSpec, "maxChars" | "tailChars">, text: string): string {
  if (text.length <= spec.maxChars) return text;
  const tail = Math.min(spec.tailChars ?? 0, spec.maxChars);
  return tail > 0 ? `${text.slice(0, spec.maxChars - tail)} … ${text.slice(-tail)}` : text.slice(0, spec.maxChars);
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
  // the dense signals sit after the hashed slots (and before the embedding): read each row from its end
  const each = (visit: (x: SparseVector, k: number, signal: number) => void) => {
    for (const x of xs)
      for (let k = x.idx.length - 1; k >= 0 && x.idx[k]! >= base; k--) {
        const signal = x.idx[k]! - base;
        if (signal < DENSE) visit(x, k, signal);
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
  const weight = denseWeight(xs.length);
  each((x, k, signal) => (x.val[k] = standardised(x.val[k]!, mean[signal]!, std[signal]!, weight)));
  return weight < 1 ? { mean, std, weight } : { mean, std };
}

/** From this many training items on, the dense signals count in full (below, in proportion). */
export const DENSE_FULL_WEIGHT_ITEMS = 100;

/**
 * The dense group's weight for a training set of `items`: on a small eval the six signals separate easy
 * from hard by accident (a templated set's hard questions are longer, or hold fewer digits), and unlike
 * an n-gram, which only fires on requests that contain it, a signal moves every new request's chance: a
 * rewording one standard deviation of a homogeneous set away reads as hard. On 40 capitals questions at
 * full weight, "Capital of France? (asked later)" (no digits, longer) was given 0.24 and a reworded
 * hard one 0.06, against out-of-fold 0.95 and 0.05 (at 0.4, 0.81 and 0.16). The weight grows with the
 * set and is 1 from `DENSE_FULL_WEIGHT_ITEMS` items: every set the benchmark trains on (2,000 items) is
 * unchanged. 100 is the smallest round figure at which new wordings of two capitals evals all routed
 * right (docs/routing.md, round 12).
 */
export const denseWeight = (items: number) => Math.min(1, items / DENSE_FULL_WEIGHT_ITEMS);

/**
 * A dense signal as a z-score clipped to ±3 and divided by √6, so the six together have about unit length
 * like every hashed group: a request far outside the training range (a text much longer or more numeric
 * than any seen) cannot outvote its words, it reads as "as extreme as anything seen"; times the group's
 * weight for the training set's size (`denseWeight`).
 */
function standardised(value: number, mean: number, std: number, weight = 1): number {
  return (weight * Math.max(-3, Math.min(3, (value - mean) / std))) / Math.sqrt(DENSE);
}

type Allocate = (length: number) => SparseVector;
const fresh: Allocate = (length) => ({ idx: new Int32Array(length), val: new Float64Array(length) });

export function extractFeatures(spec: FeatureSpec, rawText: string, embedding?: number[]): SparseVector {
  return extractInto(spec, rawText, embedding, fresh);
}

/**
 * The vectors of many texts (a training set), packed into shared buffers of about a million features
 * each rather than two buffers per text (20,000 for 10,000 texts, each allocated and collected alone).
 */
export function extractRows(spec: FeatureSpec, texts: string[], embeddings: (number[] | undefined)[] = []): SparseVector[] {
  let idx = new Int32Array(0);
  let val = new Float64Array(0);
  let used = 0;
  const allocate: Allocate = (length) => {
    if (used + length > idx.length) {
      idx = new Int32Array(Math.max(1 << 20, length));
      val = new Float64Array(idx.length);
      used = 0;
    }
    used += length;
    return { idx: idx.subarray(used - length, used), val: val.subarray(used - length, used) };
  };
  return texts.map((text, i) => extractInto(spec, text, embeddings[i], allocate));
}

function extractInto(spec: FeatureSpec, rawText: string, embedding: number[] | undefined, allocate: Allocate): SparseVector {
  const text = readWindow(spec, rawText).toLowerCase();
  const mask = (1 << spec.hashBits) - 1;
  const words = text.match(/[\p{L}\p{N}]+|[^\s\p{L}\p{N}]/gu) ?? [];
  const charText = spec.charWindow ? readWindow(spec.charWindow, text) : text;
  const padded = ` ${charText.replace(/\s+/g, " ")} `;
  const [shortest, longest] = spec.charNgrams;
  const [fewest, most] = spec.wordNgrams;
  table.reset(Math.max(1, words.length * (most - fewest + 1) + padded.length * (longest - shortest + 1)));
  // word n-grams hashed as FNV-1a of the words joined by spaces, one rolling pass per start word
  table.startGroup();
  for (let i = 0; i < words.length; i++) {
    let h = (FNV_OFFSET ^ 1) >>> 0;
    for (let n = 1; n <= most && i + n <= words.length; n++) {
      if (n > 1) h = Math.imul(h ^ 32, FNV_PRIME);
      const word = words[i + n - 1]!;
      for (let c = 0; c < word.length; c++) h = Math.imul(h ^ word.charCodeAt(c), FNV_PRIME);
      if (n >= fewest) table.add((h >>> 0) & mask);
    }
  }
  table.flushGroup();
  // character n-grams hashed in one rolling pass per start position: no substring is ever built
  table.startGroup();
  for (let i = 0; i + shortest <= padded.length; i++) {
    let h = (FNV_OFFSET ^ 2) >>> 0;
    for (let n = 1; n <= longest && i + n <= padded.length; n++) {
      h = Math.imul(h ^ padded.charCodeAt(i + n - 1), FNV_PRIME);
      if (n >= shortest) table.add((h ^ n) & mask);
    }
  }
  table.flushGroup();
  const hashed = table.count;

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
  const extra = DENSE + (spec.embeddingDims ? spec.embeddingDims : 0);
  if (spec.embeddingDims && (!embedding || embedding.length !== spec.embeddingDims))
    throw new Error(`The router was trained with ${spec.embeddingDims}-dimension embeddings; got ${embedding?.length ?? "none"}`);
  const { idx, val } = allocate(hashed + extra);
  table.writeSorted(spec.hashBits, idx, val);
  dense.forEach((value, i) => {
    idx[hashed + i] = base + i;
    val[hashed + i] = scale ? standardised(value, scale.mean[i]!, scale.std[i]!, scale.weight) : value;
  });
  for (let i = 0; i < spec.embeddingDims; i++) {
    idx[hashed + DENSE + i] = base + DENSE + i;
    val[hashed + DENSE + i] = embedding![i]!;
  }
  return { idx, val };
}
