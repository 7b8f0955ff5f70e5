import type { FlowGraph } from "@switchyard/engine";
import { describe, expect, it } from "vitest";
import { addedNode, canvasNode, nextNodeId, sameStructure, structureKey, toCanvas, toGraph } from "./canvas-graph";
import { nodeGeometry } from "./node-geometry";

const graph: FlowGraph = {
  nodes: [
    { id: "chat-input-1", type: "chat-input", config: {}, position: { x: 0, y: 0 } },
    { id: "model-1", type: "model", config: { model: "small", temperature: 0.2 }, position: { x: 300, y: 40 } },
  ],
  edges: [{ id: "e-1", source: "chat-input-1", sourceHandle: "message", target: "model-1", targetHandle: "prompt" }],
};

describe("toCanvas and toGraph", () => {
  it("give back the same graph after a round trip", () => {
    const canvas = toCanvas(graph);
    expect(toGraph(canvas.nodes, canvas.edges)).toEqual(graph);
  });

  it("make canvas nodes of the one node type, carrying the flow node's type, config and geometry", () => {
    const [, model] = toCanvas(graph).nodes;
    expect(model).toMatchObject({ id: "model-1", type: "flow", position: { x: 300, y: 40 }, data: { nodeType: "model" } });
    expect(model!.data.config).toEqual({ model: "small", temperature: 0.2 });
    expect(model!.handles).toEqual(nodeGeometry("model").handles);
  });

  it("store positions as whole pixels and missing handles as empty names", () => {
    const node = canvasNode("a", "model", {}, { x: 10.4, y: 20.6 });
    const stored = toGraph([node], [{ id: "e", source: "a", target: "a" }]);
    expect(stored.nodes[0]!.position).toEqual({ x: 10, y: 21 });
    expect(stored.edges[0]).toEqual({ id: "e", source: "a", sourceHandle: "", target: "a", targetHandle: "" });
  });
});

describe("structureKey", () => {
  it("ignores where nodes sit", () => {
    const canvas = toCanvas(graph);
    const moved = canvas.nodes.map((node) => ({ ...node, position: { x: node.position.x + 50, y: 7 } }));
    expect(structureKey(moved, canvas.edges)).toBe(structureKey(canvas.nodes, canvas.edges));
  });

  it("changes with a node's config, a node's type or an edge", () => {
    const canvas = toCanvas(graph);
    const key = structureKey(canvas.nodes, canvas.edges);
    const reconfigured = canvas.nodes.map((node) => ({ ...node, data: { ...node.data, config: { model: "large" } } }));
    expect(structureKey(reconfigured, canvas.edges)).not.toBe(key);
    const retyped = canvas.nodes.map((node) => ({ ...node, data: { ...node.data, nodeType: "agent" } }));
    expect(structureKey(retyped, canvas.edges)).not.toBe(key);
    expect(structureKey(canvas.nodes, [])).not.toBe(key);
  });
});

describe("sameStructure", () => {
  it("holds for moved nodes that keep their data and the same edges array", () => {
    const canvas = toCanvas(graph);
    const moved = canvas.nodes.map((node) => ({ ...node, position: { x: 1, y: 1 } }));
    expect(sameStructure(canvas, moved, canvas.edges)).toBe(true);
  });

  it("fails for new data, a new edges array, or another node list", () => {
    const canvas = toCanvas(graph);
    const edited = canvas.nodes.map((node) => ({ ...node, data: { ...node.data } }));
    expect(sameStructure(canvas, edited, canvas.edges)).toBe(false);
    expect(sameStructure(canvas, canvas.nodes, [...canvas.edges])).toBe(false);
    expect(sameStructure(canvas, canvas.nodes.slice(1), canvas.edges)).toBe(false);
    expect(sameStructure(canvas, [...canvas.nodes].reverse(), canvas.edges)).toBe(false);
  });
});

describe("new nodes", () => {
  it("take the first free id of their type and start with an empty config", () => {
    const canvas = toCanvas(graph);
    expect(nextNodeId("model", canvas.nodes)).toBe("model-2");
    expect(nextNodeId("agent", canvas.nodes)).toBe("agent-1");
    expect(addedNode("agent-1", "agent", { x: 5, y: 6 })).toMatchObject({ id: "agent-1", data: { nodeType: "agent", config: {} } });
  });
});
