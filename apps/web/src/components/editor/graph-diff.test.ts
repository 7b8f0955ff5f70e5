import type { FlowGraph } from "@switchyard/engine";
import { describe, expect, it } from "vitest";
import { describeChanges } from "./graph-diff";

const node = (id: string, type: string, config: Record<string, unknown> = {}) => ({ id, type, position: { x: 0, y: 0 }, config });
const edge = (source: string, target: string) => ({ id: `${source}-${target}`, source, sourceHandle: "out", target, targetHandle: "in" });

describe("describeChanges", () => {
  it("says nothing when the flows are the same", () => {
    const graph: FlowGraph = { nodes: [node("a", "model", { model: "small" })], edges: [] };
    expect(describeChanges(graph, structuredClone(graph))).toEqual([]);
  });

  it("names added, removed and retyped nodes", () => {
    const from: FlowGraph = { nodes: [node("a", "model"), node("b", "prompt-template")], edges: [] };
    const to: FlowGraph = { nodes: [node("a", "agent"), node("c", "chat-output")], edges: [] };
    expect(describeChanges(from, to)).toEqual(["#a became agent", "added chat-output #c", "removed prompt-template #b"]);
  });

  it("names each changed setting with its old and new value, unset where absent", () => {
    const from: FlowGraph = { nodes: [node("m", "model", { model: "small", temperature: 0.2 })], edges: [] };
    const to: FlowGraph = { nodes: [node("m", "model", { model: "large", stream: true })], edges: [] };
    expect(describeChanges(from, to)).toEqual(['#m model: "small" → "large"', "#m temperature: 0.2 → unset", "#m stream: unset → true"]);
  });

  it("names connections made and removed, not edges whose id alone changed", () => {
    const from: FlowGraph = { nodes: [node("a", "x"), node("b", "x"), node("c", "x")], edges: [edge("a", "b")] };
    const to: FlowGraph = { ...from, edges: [{ ...edge("a", "b"), id: "renamed" }, edge("b", "c")] };
    expect(describeChanges(from, to)).toEqual(["connected b.out → c.in"]);
    expect(describeChanges(to, from)).toEqual(["disconnected b.out → c.in"]);
  });
});
