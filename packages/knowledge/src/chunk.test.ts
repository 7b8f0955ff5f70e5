import { describe, expect, it } from "vitest";
import { chunkText, estimateTokens } from "./chunk";

const paragraph = (words: number, word = "word") => Array.from({ length: words }, (_, i) => `${word}${i}`).join(" ") + ".";

describe("chunking", () => {
  it("starts a new chunk at every heading and records the heading path", () => {
    const text = "# Returns\n\nKeep the receipt.\n\n## Damaged items\n\nPhotograph the damage.\n\n# Shipping\n\nShips in two days.";
    expect(chunkText(text, { size: 200, overlap: 20 })).toEqual([
      { content: "Keep the receipt.", heading: "Returns", tokenCount: 5 },
      { content: "Photograph the damage.", heading: "Returns › Damaged items", tokenCount: 6 },
      { content: "Ships in two days.", heading: "Shipping", tokenCount: 5 },
    ]);
  });

  it("keeps paragraphs whole when they fit and stays within the size", () => {
    const text = [paragraph(60, "a"), paragraph(60, "b"), paragraph(60, "c")].join("\n\n");
    const chunks = chunkText(text, { size: 100, overlap: 0 });
    expect(chunks.length).toBe(3);
    for (const chunk of chunks) {
      expect(chunk.tokenCount).toBeLessThanOrEqual(100);
      expect(chunk.content.split("\n\n").every((part) => /^[abc]0 .*\.$/.test(part))).toBe(true);
    }
  });

  it("splits a paragraph longer than the size at sentence ends and overlaps consecutive chunks", () => {
    const sentences = Array.from({ length: 40 }, (_, i) => `Sentence number ${i} talks about refunds.`).join(" ");
    const chunks = chunkText(sentences, { size: 60, overlap: 15 });
    expect(chunks.length).toBeGreaterThan(3);
    for (const chunk of chunks) expect(chunk.tokenCount).toBeLessThanOrEqual(60);
    for (let i = 1; i < chunks.length; i++) {
      const previousEnd = chunks[i - 1]!.content.slice(-20);
      expect(chunks[i]!.content).toContain(previousEnd);
    }
    // nothing is lost: every sentence appears in some chunk
    for (let i = 0; i < 40; i++) expect(chunks.some((chunk) => chunk.content.includes(`Sentence number ${i} `))).toBe(true);
  });

  it("never emits a chunk that is only the overlap of the previous one", () => {
    const text = `${paragraph(25)}\n\n# Next\n\nShort.`;
    const chunks = chunkText(text, { size: 60, overlap: 30 });
    expect(chunks.map((chunk) => chunk.heading)).toEqual([null, "Next"]);
  });

  it("estimates about four characters per token", () => {
    expect(estimateTokens("a".repeat(400))).toBe(100);
  });
});
