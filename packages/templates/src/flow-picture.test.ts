import { describe, expect, it } from "vitest";
import { findTemplate } from "./catalog";
import { flowPicture } from "./flow-picture";
import { templateShape } from "./template";

describe("flow pictures", () => {
  it("draw every node with its type's label and category where the graph places it, and every edge between them", () => {
    const graph = templateShape(findTemplate("support-knowledge-base")!);
    const picture = flowPicture(graph);
    expect(picture.nodes.map(({ label, category }) => `${label} (${category})`)).toEqual([
      "Chat input (Input)",
      "Retrieve (Context)",
      "Prompt (Prompt)",
      "Model (Model)",
      "Chat output (Output)",
    ]);
    expect(picture.edges).toHaveLength(graph.edges.length);
    // left to right as on the canvas, everything inside the picture
    const xs = picture.nodes.map((node) => node.x);
    expect([...xs].sort((a, b) => a - b)).toEqual(xs);
    for (const node of picture.nodes) {
      expect(node.x + node.width).toBeLessThanOrEqual(picture.width);
      expect(node.y + node.height).toBeLessThanOrEqual(picture.height);
    }
    expect(picture.edges[0]!.path).toMatch(/^M [\d.]+ [\d.]+ C /);
  });

  it("draws an empty flow as an empty picture", () => {
    expect(flowPicture({ nodes: [], edges: [] })).toMatchObject({ nodes: [], edges: [] });
  });
});
