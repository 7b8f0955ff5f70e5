import { describe, expect, it } from "vitest";
import { firstRelevantRank, rankedDocuments, reciprocalRank, retrievalHit, retrievalsOf, type Retrieval } from "./retrieval-metrics";

const passage = (documentId: string, documentName = `${documentId}.md`) => ({ documentId, documentName, content: `about ${documentId}` });
const retrieval = (nodeId: string, ...documentIds: string[]): Retrieval => ({ nodeId, passages: documentIds.map((id) => passage(id)) });

describe("retrieval metrics", () => {
  it("hit rate and reciprocal rank of one ranking have their textbook values", () => {
    const run = [retrieval("r", "a", "b", "c", "d")];
    expect([retrievalHit(run, ["a.md"]), reciprocalRank(run, ["a.md"])]).toEqual([1, 1]);
    expect([retrievalHit(run, ["c.md"]), reciprocalRank(run, ["c.md"])]).toEqual([1, 1 / 3]);
    expect([retrievalHit(run, ["z.md"]), reciprocalRank(run, ["z.md"])]).toEqual([0, 0]);
    // the first expected source retrieved counts, whichever of them it is
    expect(reciprocalRank(run, ["d.md", "b.md"])).toBe(1 / 2);
    // the MRR over items is the mean of their reciprocal ranks: (1 + 1/3 + 0 + 1/2) / 4
    const items = [["a.md"], ["c.md"], ["z.md"], ["d.md", "b.md"]].map((sources) => reciprocalRank(run, sources));
    expect(items.reduce((sum, value) => sum + value, 0) / items.length).toBeCloseTo(11 / 24, 12);
  });

  it("matches an expected source by document name in any case, or by document id", () => {
    const run = [{ nodeId: "r", passages: [passage("doc_1", "Returns Policy.md"), passage("doc_2", "shipping.md")] }];
    expect(firstRelevantRank(run, ["returns policy.MD"])).toBe(1);
    expect(firstRelevantRank(run, ["doc_2"])).toBe(2);
    expect(firstRelevantRank(run, ["Returns Policy"])).toBeNull();
  });

  it("ranks documents, not chunks: a document's later chunks do not push the next document down", () => {
    const run = [retrieval("r", "a", "a", "a", "b")];
    expect(rankedDocuments(run).map((document) => document.documentId)).toEqual(["a", "b"]);
    expect(reciprocalRank(run, ["b.md"])).toBe(1 / 2);
  });

  it("fuses several Retrieve steps by rank: best position in any step, ties to the step that ran first", () => {
    const run = [retrieval("faq", "a", "b", "c"), retrieval("manual", "x", "c", "y")];
    expect(rankedDocuments(run).map((document) => document.documentId)).toEqual(["a", "x", "b", "c", "y"]);
    expect(reciprocalRank(run, ["x.md"])).toBe(1 / 2);
    expect(reciprocalRank(run, ["c.md"])).toBe(1 / 4);
    expect(retrievalHit(run, ["y.md"])).toBe(1);
    expect(retrievalHit([], ["a.md"])).toBe(0);
  });

  it("reads the passages of successful Retrieve steps from a trace and ignores everything else", () => {
    const steps = [
      { nodeId: "in", nodeType: "chat-input", status: "SUCCEEDED", output: { message: "hi" } },
      {
        nodeId: "kb",
        nodeType: "retrieve",
        status: "SUCCEEDED",
        output: {
          documents: [
            { chunkId: "c1", documentId: "d1", documentName: "a.md", position: 0, heading: null, content: "one", score: 0.5 },
            { broken: true },
          ],
          text: "[1] a.md",
        },
      },
      { nodeId: "kb2", nodeType: "retrieve", status: "FAILED", output: null },
      { nodeId: "kb3", nodeType: "retrieve", status: "SUCCEEDED", output: { documents: [], text: "" } },
    ];
    expect(retrievalsOf(steps)).toEqual([
      { nodeId: "kb", passages: [{ documentId: "d1", documentName: "a.md", content: "one" }] },
      { nodeId: "kb3", passages: [] },
    ]);
  });
});
