import { describe, expect, it } from "vitest";
import { topByDotProduct } from "./vector-index";

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
});
