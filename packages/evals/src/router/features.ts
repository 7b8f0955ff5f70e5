// Text → sparse feature vector for the learned router: hashed word uni/bi-grams and character 3–5-grams
// (FNV-1a with a per-group salt, so a word "abc" and a 3-gram "abc" land apart)
// (each group L2-normalised so a long request does not outweigh a short one), plus a few dense signals
// (length, digits, symbols) and, optionally, the workspace's embedding of the text. The spec is stored in
// the artifact so prediction extracts exactly what training saw.
import { z } from "zod";

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
  tailChars: 1_000,
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

/**
 * Scratch space per hash size, reused by every extraction: a dense accumulator, and stamps that say
 * whether a slot was already counted in the current group or touched in the current text. A Map and a
 * Set per text cost about 12 ms on a 4,000-character request; this is linear and allocation-free.
 */
interface Scratch {
  sum: Float64Array;
  groupStamp: Int32Array;
  textStamp: Int32Array;
  stamp: number;
  group: Int32Array;
  touched: Int32Array;
}
const scratches = new Map<number, Scratch>();

function scratchFor(hashBits: number, maxSlots: number): Scratch {
  let scratch = scratches.get(hashBits);
  if (!scratch) {
    const size = 1 << hashBits;
    scratch = {
      sum: new Float64Array(size),
      groupStamp: new Int32Array(size),
      textStamp: new Int32Array(size),
      stamp: 0,
      group: new Int32Array(0),
      touched: new Int32Array(0),
    };
    scratches.set(hashBits, scratch);
  }
  if (scratch.group.length < maxSlots) {
    scratch.group = new Int32Array(maxSlots);
    scratch.touched = new Int32Array(2 * maxSlots);
  }
  if (scratch.stamp > 2 ** 30) {
    scratch.groupStamp.fill(0);
    scratch.textStamp.fill(0);
    scratch.stamp = 0;
  }
  return scratch;
}

/** Collects one group's distinct slots; `flush` adds them as presence features scaled to unit length. */
class GroupBuilder {
  private count = 0;
  private readonly groupId: number;
  constructor(
    private readonly scratch: Scratch,
    private readonly textId: number,
    private touched: { count: number },
  ) {
    this.groupId = ++scratch.stamp;
  }
  add(slot: number) {
    if (this.scratch.groupStamp[slot] === this.groupId) return;
    this.scratch.groupStamp[slot] = this.groupId;
    this.scratch.group[this.count++] = slot;
  }
  flush() {
    const { scratch, textId } = this;
    const norm = 1 / Math.sqrt(this.count || 1);
    for (let k = 0; k < this.count; k++) {
      const slot = scratch.group[k]!;
      if (scratch.textStamp[slot] !== textId) {
        scratch.textStamp[slot] = textId;
        scratch.sum[slot] = 0;
        scratch.touched[this.touched.count++] = slot;
      }
      scratch.sum[slot]! += norm;
    }
  }
}

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
  const text = readWindow(spec, rawText).toLowerCase();
  const mask = (1 << spec.hashBits) - 1;
  const words = text.match(/[\p{L}\p{N}]+|[^\s\p{L}\p{N}]/gu) ?? [];
  const padded = ` ${text.replace(/\s+/g, " ")} `;
  const [shortest, longest] = spec.charNgrams;
  const [fewest, most] = spec.wordNgrams;
  const scratch = scratchFor(spec.hashBits, Math.max(words.length * (most - fewest + 1), padded.length * (longest - shortest + 1)) + 1);
  const touched = { count: 0 };
  const textId = ++scratch.stamp;
  // word n-grams hashed as FNV-1a of the words joined by spaces, one rolling pass per start word
  const wordGroup = new GroupBuilder(scratch, textId, touched);
  for (let i = 0; i < words.length; i++) {
    let h = (FNV_OFFSET ^ 1) >>> 0;
    for (let n = 1; n <= most && i + n <= words.length; n++) {
      if (n > 1) h = Math.imul(h ^ 32, FNV_PRIME);
      const word = words[i + n - 1]!;
      for (let c = 0; c < word.length; c++) h = Math.imul(h ^ word.charCodeAt(c), FNV_PRIME);
      if (n >= fewest) wordGroup.add((h >>> 0) & mask);
    }
  }
  wordGroup.flush();
  // character n-grams hashed in one rolling pass per start position: no substring is ever built
  const charGroup = new GroupBuilder(scratch, textId, touched);
  for (let i = 0; i + shortest <= padded.length; i++) {
    let h = (FNV_OFFSET ^ 2) >>> 0;
    for (let n = 1; n <= longest && i + n <= padded.length; n++) {
      h = Math.imul(h ^ padded.charCodeAt(i + n - 1), FNV_PRIME);
      if (n >= shortest) charGroup.add((h ^ n) & mask);
    }
  }
  charGroup.flush();
  const hashed = scratch.touched.slice(0, touched.count).sort();

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
  const idx = new Int32Array(hashed.length + extra);
  const val = new Float64Array(hashed.length + extra);
  hashed.forEach((slot, k) => {
    idx[k] = slot;
    val[k] = scratch.sum[slot]!;
  });
  dense.forEach((value, i) => {
    idx[hashed.length + i] = base + i;
    val[hashed.length + i] = scale ? standardised(value, scale.mean[i]!, scale.std[i]!) : value;
  });
  for (let i = 0; i < spec.embeddingDims; i++) {
    idx[hashed.length + DENSE + i] = base + DENSE + i;
    val[hashed.length + DENSE + i] = embedding![i]!;
  }
  return { idx, val };
}
