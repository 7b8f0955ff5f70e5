import type { ChunkHit } from "@switchyard/db";
import { describe, expect, it } from "vitest";
import { reciprocalRankFusion, RRF_K } from "./retrieve";

const hit = (id: string, score = 1): ChunkHit => ({
  id,
  documentId: "d",
  documentName: "doc.md",
  position: 0,
  heading: null,
  content: id,
  score,
});

describe("reciprocal rank fusion", () => {
  it("ranks a chunk both rankings found above chunks only one ranking put first", () => {
    const fullText = [hit("a", 9), hit("shared", 5), hit("b", 1)];
    const vectors = [hit("c", 0.99), hit("shared", 0.9)];
    const fused = reciprocalRankFusion([fullText, vectors], 3);
    expect(fused.map((chunk) => chunk.id)).toEqual(["shared", "a", "c"]);
    expect(fused[0]!.score).toBeCloseTo(2 / (RRF_K + 2), 12);
    expect(fused[1]!.score).toBeCloseTo(1 / (RRF_K + 1), 12);
  });

  it("ignores the raw scores, which are not comparable between rankings", () => {
    const fused = reciprocalRankFusion(
      [
        [hit("x", 1000), hit("y", 999)],
        [hit("y", 0.1), hit("x", 0.01)],
      ],
      2,
    );
    expect(fused[0]!.score).toBe(fused[1]!.score);
  });

  it("returns at most topK chunks", () => {
    expect(reciprocalRankFusion([[hit("a"), hit("b"), hit("c")]], 2)).toHaveLength(2);
  });
});
