import { describe, expect, it } from "vitest";
import { z } from "zod";
import { compileFlow } from "./compile";
import type { FlowGraph } from "./graph";
import { defineNode, type NodeDefinition } from "./node-definition";
import { createRegistry } from "./registry";

const source = defineNode({
  type: "source",
  label: "Source",
  category: "Input",
  description: "",
  inputs: [],
  outputs: [{ name: "text", label: "Text", type: "text" }],
  config: z.object({}),
  execute: async () => ({ outputs: { text: "x" } }),
});
const transform = defineNode({
  type: "transform",
  label: "Transform",
  category: "Prompt",
  description: "",
  inputs: [{ name: "in", label: "In", type: "text", required: true }],
  outputs: [
    { name: "out", label: "Out", type: "text" },
    { name: "data", label: "Data", type: "json" },
  ],
  config: z.object({ factor: z.number().min(1, "Factor must be at least 1") }),
  execute: async () => ({ outputs: {} }),
});
const sink = defineNode({
  type: "sink",
  label: "Sink",
  category: "Output",
  description: "",
  inputs: [{ name: "text", label: "Text", type: "text", required: true }],
  outputs: [],
  config: z.object({}),
  execute: async () => ({ outputs: {} }),
});
// needs no input, like a tool an agent uses
const toolbox = defineNode({
  type: "toolbox",
  label: "Toolbox",
  category: "Tools",
  description: "",
  inputs: [],
  outputs: [{ name: "tool", label: "Tool", type: "tool" }],
  config: z.object({}),
  execute: async () => ({ outputs: {} }),
});
const user = defineNode({
  type: "user",
  label: "User",
  category: "Output",
  description: "",
  inputs: [
    { name: "text", label: "Text", type: "text", required: true },
    { name: "tools", label: "Tools", type: "tool", multiple: true },
  ],
  outputs: [],
  config: z.object({}),
  execute: async () => ({ outputs: {} }),
});
const registry = createRegistry([source, transform, sink, toolbox, user] as NodeDefinition[]);

const node = (id: string, type: string, config: Record<string, unknown> = {}) => ({ id, type, config, position: { x: 0, y: 0 } });
const edge = (id: string, from: string, fromPort: string, to: string, toPort: string) => ({
  id,
  source: from,
  sourceHandle: fromPort,
  target: to,
  targetHandle: toPort,
});

describe("compileFlow", () => {
  it("orders a valid flow topologically", () => {
    const graph: FlowGraph = {
      nodes: [node("out", "sink"), node("t", "transform", { factor: 2 }), node("in", "source")],
      edges: [edge("a", "in", "text", "t", "in"), edge("b", "t", "out", "out", "text")],
    };
    const result = compileFlow(graph, registry);
    expect(result.ok && result.flow.order).toEqual(["in", "t", "out"]);
  });

  it("reports every problem with its node and a readable message", () => {
    const graph: FlowGraph = {
      nodes: [
        node("in", "source"),
        node("bad-config", "transform", { factor: 0 }),
        node("mystery", "teleporter"),
        node("t1", "transform", { factor: 1 }),
        node("t2", "transform", { factor: 1 }),
        node("lonely", "transform", { factor: 1 }),
        node("out", "sink"),
      ],
      edges: [
        edge("e1", "in", "text", "bad-config", "in"),
        edge("e2", "t1", "out", "t2", "in"),
        edge("e3", "t2", "out", "t1", "in"),
        edge("e4", "in", "text", "out", "text"),
        edge("e5", "in", "nope", "out", "text"),
        edge("e6", "t1", "data", "lonely", "in"),
      ],
    };
    const result = compileFlow(graph, registry);
    expect(result.ok).toBe(false);
    const problems = result.ok ? [] : result.problems.map((problem) => `${problem.nodeId ?? "-"}: ${problem.message}`);
    expect(problems).toEqual([
      "bad-config: Transform: factor: Factor must be at least 1",
      'mystery: Unknown node type "teleporter"',
      'in: Source has no output "nope"',
      'lonely: Transform → Transform: cannot connect json output "Data" to text input "In"',
      'lonely: Transform: connect its "In" input',
      "t1: Transform is part of a cycle; flows must not loop back",
      "t2: Transform is part of a cycle; flows must not loop back",
      "lonely: Transform is not connected to the flow's input, so it would never run",
    ]);
  });

  it("refuses a second edge into a single input, and flows without input or output", () => {
    const doubled = compileFlow(
      {
        nodes: [node("a", "source"), node("b", "source"), node("out", "sink")],
        edges: [edge("e1", "a", "text", "out", "text"), edge("e2", "b", "text", "out", "text")],
      },
      registry,
    );
    expect(!doubled.ok && doubled.problems.map((problem) => problem.message)).toEqual(['Sink: input "Text" accepts one connection']);
    const headless = compileFlow({ nodes: [node("t", "transform", { factor: 1 })], edges: [] }, registry);
    expect(!headless.ok && headless.problems.map((problem) => problem.message)).toEqual(
      expect.arrayContaining(["Add a Chat input node: a flow starts there", "Add a Chat output node: without one the flow never replies"]),
    );
  });

  it("starts from nodes that need no input when they feed the flow, and reports them when they feed nothing", () => {
    const fed = compileFlow(
      {
        nodes: [node("in", "source"), node("tools", "toolbox"), node("out", "user")],
        edges: [edge("e1", "in", "text", "out", "text"), edge("e2", "tools", "tool", "out", "tools")],
      },
      registry,
    );
    expect(fed.ok).toBe(true);
    const idle = compileFlow(
      { nodes: [node("in", "source"), node("tools", "toolbox"), node("out", "sink")], edges: [edge("e1", "in", "text", "out", "text")] },
      registry,
    );
    expect(!idle.ok && idle.problems.map((problem) => problem.message)).toEqual([
      "Toolbox is not connected to the flow's input, so it would never run",
    ]);
  });
});
