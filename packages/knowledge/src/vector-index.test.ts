import { describe, expect, it } from "vitest";
import { clusteredVectors } from "../../../test/fixtures/clustered-vectors";
import { mulberry32 } from "../../../test/fixtures/providers/shared";
import { hamming } from "./binary-codes";
import { APPROXIMATE_FROM_DIMENSIONS, APPROXIMATE_FROM_ROWS, indexVectors, searchVectors, topByDotProduct } from "./vector-index";

const ids = (rows: number) => Array.from({ length: rows }, (_, row) => `c${row}`);

describe("vector scan", () => {
  it("returns the rows with the highest dot product, best first", () => {
    const rows = [
      [1, 0, 0],
      [0, 1, 0],
      [0.6, 0.8, 0],
      [0, 0, 1],
      [0.8, 0.6, 0],
    ];
    const vectors = { version: 1, ids: ["a", "b", "c", "d", "e"], dimensions: 3, matrix: new Float32Array(rows.flat()) };
    const top = topByDotProduct(vectors, [1, 0, 0], 3);
    expect(top.map((hit) => hit.id)).toEqual(["a", "e", "c"]);
    expect(top.map((hit) => hit.score)).toEqual([1, expect.closeTo(0.8, 6), expect.closeTo(0.6, 6)]);
    expect(topByDotProduct(vectors, [0, 0, 1], 10)).toHaveLength(5);
  });

  it("keeps small stores, and stores of few dimensions, on the exact scan", () => {
    const small = clusteredVectors(APPROXIMATE_FROM_ROWS - 1, APPROXIMATE_FROM_DIMENSIONS, 50, 3);
    const vectors = indexVectors(1, ids(APPROXIMATE_FROM_ROWS - 1), APPROXIMATE_FROM_DIMENSIONS, small.matrix);
    expect(vectors.codes).toBeUndefined();
    const query = small.query();
    expect(searchVectors(vectors, query, 10)).toEqual(topByDotProduct(vectors, query, 10));

    const narrow = clusteredVectors(APPROXIMATE_FROM_ROWS, 64, 50, 3);
    expect(indexVectors(1, ids(APPROXIMATE_FROM_ROWS), 64, narrow.matrix).codes).toBeUndefined();
  });

  it("finds at least 95% of the exact top 10 on a large store through binary codes and re-scoring", () => {
    const rows = APPROXIMATE_FROM_ROWS;
    const dimensions = APPROXIMATE_FROM_DIMENSIONS;
    const { matrix, query } = clusteredVectors(rows, dimensions, 200, 5);
    const vectors = indexVectors(1, ids(rows), dimensions, matrix);
    expect(vectors.codes).toBeDefined();
    let found = 0;
    const queries = 30;
    for (let index = 0; index < queries; index++) {
      const vector = query();
      const exact = new Set(topByDotProduct(vectors, vector, 10).map((hit) => hit.id));
      const approximate = searchVectors(vectors, vector, 10);
      expect(approximate).toHaveLength(10);
      found += approximate.filter((hit) => exact.has(hit.id)).length;
    }
    expect(found / (queries * 10)).toBeGreaterThanOrEqual(0.95);
  });

  it("counts differing bits like a bit-by-bit count, at every code length", () => {
    const random = mulberry32(9);
    const word = () => Math.floor(random() * 2 ** 32);
    const naive = (a: Uint32Array, b: Uint32Array) =>
      a.reduce((sum, value, w) => sum + [...((value ^ b[w]!) >>> 0).toString(2)].filter((bit) => bit === "1").length, 0);
    for (const words of [1, 2, 3, 31, 48, 49]) {
      const a = Uint32Array.from({ length: words }, word);
      const b = Uint32Array.from({ length: words }, word);
      expect(hamming(a, 0, b, words)).toBe(naive(a, b));
      expect(
        hamming(
          a,
          0,
          a.map((value) => ~value >>> 0),
          words,
        ),
      ).toBe(words * 32);
    }
  });
});
