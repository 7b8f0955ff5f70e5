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

const DENSE = 6;

/** Total dimensions: hashed n-grams, then the dense signals, then the embedding. */
export const featureDims = (spec: FeatureSpec) => (1 << spec.hashBits) + DENSE + spec.embeddingDims;

export interface SparseVector {
  idx: Int32Array;
  val: Float64Array;
}

/** FNV-1a over a string with a per-group salt, so a word "abc" and a 3-gram "abc" land apart. */
function hash(text: string, salt: number): number {
  let h = (0x811c9dc5 ^ salt) >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

function addGroup(into: Map<number, number>, keys: string[], salt: number, mask: number) {
  const group = new Map<number, number>();
  for (const key of keys) {
    const slot = hash(key, salt) & mask;
    group.set(slot, 1); // presence, not counts: repeated words say little about difficulty
  }
  const norm = 1 / Math.sqrt(group.size || 1);
  for (const [slot, value] of group) into.set(slot, (into.get(slot) ?? 0) + value * norm);
}

export function extractFeatures(spec: FeatureSpec, rawText: string, embedding?: number[]): SparseVector {
  const text = rawText.slice(0, spec.maxChars).toLowerCase();
  const mask = (1 << spec.hashBits) - 1;
  const features = new Map<number, number>();
  const words = text.match(/[\p{L}\p{N}]+|[^\s\p{L}\p{N}]/gu) ?? [];
  const wordKeys: string[] = [];
  for (let n = spec.wordNgrams[0]; n <= spec.wordNgrams[1]; n++)
    for (let i = 0; i + n <= words.length; i++) wordKeys.push(words.slice(i, i + n).join(" "));
  addGroup(features, wordKeys, 1, mask);
  const padded = ` ${text.replace(/\s+/g, " ")} `;
  const charKeys: string[] = [];
  for (let n = spec.charNgrams[0]; n <= spec.charNgrams[1]; n++)
    for (let i = 0; i + n <= padded.length; i++) charKeys.push(padded.slice(i, i + n));
  addGroup(features, charKeys, 2, mask);

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
  dense.forEach((value, i) => features.set(base + i, value));
  if (spec.embeddingDims) {
    if (!embedding || embedding.length !== spec.embeddingDims)
      throw new Error(`The router was trained with ${spec.embeddingDims}-dimension embeddings; got ${embedding?.length ?? "none"}`);
    embedding.forEach((value, i) => features.set(base + DENSE + i, value));
  }
  const idx = Int32Array.from(features.keys()).sort();
  const val = Float64Array.from(idx, (slot) => features.get(slot)!);
  return { idx, val };
}
