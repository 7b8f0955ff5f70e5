import type { FlowGraph } from "@switchyard/engine";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { autoLayout, copyNodes, freshNodeId, pasteNodes } from "./graph-tools";

const node = (id: string, type = "model", x = 0, y = 0) => ({ id, type, position: { x, y }, config: { id } });
const edge = (source: string, target: string) => ({ id: `e-${source}-${target}`, source, sourceHandle: "out", target, targetHandle: "in" });

describe("freshNodeId", () => {
  it("takes the first free number for the type and reserves it", () => {
    const taken = new Set(["model-1", "model-3"]);
    expect(freshNodeId("model", taken)).toBe("model-2");
    expect(freshNodeId("model", taken)).toBe("model-4");
    expect(freshNodeId("chat-output", taken)).toBe("chat-output-1");
  });
});

describe("copy and paste", () => {
  const store = new Map<string, string>();
  beforeEach(() => {
    store.clear();
    Object.assign(globalThis, {
      localStorage: { getItem: (key: string) => store.get(key) ?? null, setItem: (key: string, value: string) => store.set(key, value) },
    });
  });
  afterEach(() => {
    delete (globalThis as { localStorage?: unknown }).localStorage;
  });

  it("pastes the selected nodes and only the edges between them, with fresh ids, shifted into view", () => {
    const graph: FlowGraph = {
      nodes: [node("model-1", "model", 10, 20), node("model-2"), node("x", "chat-output")],
      edges: [edge("model-1", "model-2"), edge("model-2", "x")],
    };
    expect(copyNodes(graph, new Set(["model-1", "model-2"]))).toBe(2);
    const pasted = pasteNodes(graph)!;
    expect(pasted.nodes.map((pastedNode) => pastedNode.id)).toEqual(["model-3", "model-4"]);
    expect(pasted.nodes[0]).toMatchObject({ position: { x: 50, y: 60 }, config: { id: "model-1" } });
    expect(pasted.edges).toEqual([
      { id: "e-model-3-out-model-4-in", source: "model-3", sourceHandle: "out", target: "model-4", targetHandle: "in" },
    ]);
  });

  it("copies nothing when nothing is selected, and pastes nothing from an empty or corrupt clipboard", () => {
    const graph: FlowGraph = { nodes: [node("a")], edges: [] };
    expect(copyNodes(graph, new Set())).toBe(0);
    expect(pasteNodes(graph)).toBeNull();
    localStorage.setItem("switchyard.clipboard", "{ broken");
    expect(pasteNodes(graph)).toBeNull();
  });
});

describe("autoLayout", () => {
  it("puts each node one column right of its deepest input, rows in node order", () => {
    const graph: FlowGraph = {
      nodes: [node("out"), node("in"), node("prompt"), node("model")],
      edges: [edge("in", "prompt"), edge("prompt", "model"), edge("in", "model"), edge("model", "out")],
    };
    const positions = autoLayout(graph);
    expect(Object.fromEntries(positions)).toEqual({
      out: { x: 900, y: 0 },
      in: { x: 0, y: 0 },
      prompt: { x: 300, y: 0 },
      model: { x: 600, y: 0 },
    });
  });

  it("stacks nodes of the same column and survives a cycle", () => {
    const graph: FlowGraph = { nodes: [node("a"), node("b"), node("c")], edges: [edge("a", "b"), edge("b", "a")] };
    const positions = autoLayout(graph);
    expect(positions.size).toBe(3);
    expect(positions.get("c")).toEqual({ x: 0, y: expect.any(Number) });
    const columnZero = [...positions.values()].filter((position) => position.x === 0).map((position) => position.y);
    expect(new Set(columnZero).size).toBe(columnZero.length);
  });
});
