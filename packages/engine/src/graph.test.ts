import { describe, expect, it } from "vitest";
import { flowGraphSchema } from "./graph";

describe("flowGraphSchema", () => {
  it("accepts a well-formed graph and fills defaults", () => {
    const graph = flowGraphSchema.parse({
      nodes: [
        { id: "a", type: "chat-input" },
        { id: "b", type: "chat-output", config: { x: 1 }, position: { x: 10, y: 20 } },
      ],
      edges: [{ id: "e1", source: "a", sourceHandle: "message", target: "b", targetHandle: "text" }],
    });
    expect(graph.nodes[0]).toEqual({ id: "a", type: "chat-input", config: {}, position: { x: 0, y: 0 } });
  });

  it("reports duplicate node ids and edges to unknown nodes with their paths", () => {
    const result = flowGraphSchema.safeParse({
      nodes: [
        { id: "a", type: "x" },
        { id: "a", type: "y" },
      ],
      edges: [{ id: "e1", source: "a", sourceHandle: "out", target: "ghost", targetHandle: "in" }],
    });
    expect(result.success).toBe(false);
    const issues = result.error!.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
    expect(issues).toEqual(['nodes.1.id: duplicate node id "a"', 'edges.0.target: edge e1 points at unknown node "ghost"']);
  });

  it("keeps / out of node ids, since sub-steps of a trace use it", () => {
    const result = flowGraphSchema.safeParse({ nodes: [{ id: "agent/tool-1:x", type: "x" }], edges: [] });
    expect(result.error?.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`)).toEqual([
      "nodes.0.id: a node id cannot contain /",
    ]);
  });
});
