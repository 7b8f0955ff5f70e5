// Approximate first pass for large stores: each vector becomes one bit per dimension (above or below
// that dimension's mean over the store, so a shared offset in every embedding does not waste bits),
// and the Hamming distance between codes ranks the whole store for a fraction of a float scan's cost.
// The nearest codes are then re-scored exactly from the floats (see vector-index.ts).

export interface BinaryCodes {
  /** 32-bit words per code. */
  words: number;
  /** rows × words, one code per row. */
  codes: Uint32Array;
  /** Per-dimension mean of the store's vectors: the threshold of each bit. */
  mean: Float32Array;
}

export function buildBinaryCodes(matrix: Float32Array, rows: number, dimensions: number): BinaryCodes {
  const sums = new Float64Array(dimensions);
  for (let row = 0; row < rows; row++) {
    const offset = row * dimensions;
    for (let d = 0; d < dimensions; d++) sums[d]! += matrix[offset + d]!;
  }
  const mean = new Float32Array(dimensions);
  for (let d = 0; d < dimensions; d++) mean[d] = sums[d]! / Math.max(rows, 1);
  const words = Math.ceil(dimensions / 32);
  const codes = new Uint32Array(rows * words);
  for (let row = 0; row < rows; row++) encodeInto(matrix, row * dimensions, dimensions, mean, codes, row * words);
  return { words, codes, mean };
}

function encodeInto(source: ArrayLike<number>, from: number, dimensions: number, mean: Float32Array, target: Uint32Array, at: number) {
  for (let d = 0; d < dimensions; d++) if (source[from + d]! > mean[d]!) target[at + (d >>> 5)]! |= 1 << (d & 31);
}

/** Set bits in a[from…from+words) XOR b[0…words), by SWAR: bit counts of two words share byte lanes. */
export function hamming(a: Uint32Array, from: number, b: Uint32Array, words: number): number {
  let total = 0;
  let lanes = 0; // four byte counters, each at most 16 per pair of words
  let pairs = 0;
  let w = 0;
  for (; w + 1 < words; w += 2) {
    let x = a[from + w]! ^ b[w]!;
    let y = a[from + w + 1]! ^ b[w + 1]!;
    x -= (x >>> 1) & 0x55555555;
    y -= (y >>> 1) & 0x55555555;
    x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
    y = (y & 0x33333333) + ((y >>> 2) & 0x33333333);
    const sum = x + y;
    lanes += (sum & 0x0f0f0f0f) + ((sum >>> 4) & 0x0f0f0f0f);
    if (++pairs === 15) {
      total += sumLanes(lanes);
      lanes = 0;
      pairs = 0;
    }
  }
  if (w < words) {
    let x = a[from + w]! ^ b[w]!;
    x -= (x >>> 1) & 0x55555555;
    x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
    lanes += (x & 0x0f0f0f0f) + ((x >>> 4) & 0x0f0f0f0f);
  }
  return total + sumLanes(lanes);
}

/** Sum of four byte counters (up to 1,020: wider than one byte, so not the multiply trick). */
function sumLanes(lanes: number): number {
  const halves = (lanes & 0x00ff00ff) + ((lanes >>> 8) & 0x00ff00ff);
  return (halves & 0xffff) + (halves >>> 16);
}

/** Row indices of the `count` codes nearest (in Hamming distance) to the query's code. */
export function nearestCodes({ words, codes, mean }: BinaryCodes, query: ArrayLike<number>, count: number): Int32Array {
  const rows = codes.length / words;
  const wanted = Math.min(count, rows);
  const queryCode = new Uint32Array(words);
  encodeInto(query, 0, mean.length, mean, queryCode, 0);
  const distances = new Uint16Array(rows);
  const histogram = new Uint32Array(words * 32 + 1);
  for (let row = 0; row < rows; row++) {
    const distance = hamming(codes, row * words, queryCode, words);
    distances[row] = distance;
    histogram[distance]!++;
  }
  // the smallest distance that, with every nearer row, reaches `wanted` rows
  let cut = 0;
  for (let total = histogram[0]!; total < wanted; total += histogram[cut]!) cut++;
  const nearest = new Int32Array(wanted);
  let found = 0;
  for (let row = 0; row < rows && found < wanted; row++) if (distances[row]! < cut) nearest[found++] = row;
  for (let row = 0; row < rows && found < wanted; row++) if (distances[row] === cut) nearest[found++] = row;
  return nearest;
}
