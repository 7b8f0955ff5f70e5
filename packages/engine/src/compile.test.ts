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
// needs no input, but can take one (an HTTP request or Code node an agent uses)
const tool = defineNode({
  type: "tool",
  label: "Tool",
  category: "Tools",
  description: "",
  inputs: [{ name: "in", label: "In", type: "any" }],
  outputs: [{ name: "tool", label: "Tool", type: "tool" }],
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
// config fields with titles, in a list and an optional object, as model-calling nodes have them
const target = z.object({
  credentialId: z.string({ error: "Choose a provider" }).min(1, "Choose a provider").meta({ title: "Provider" }),
  maxTokens: z.number().int().optional(),
});
const picker = defineNode({
  type: "picker",
  label: "Picker",
  category: "Model",
  description: "",
  inputs: [],
  outputs: [],
  config: target.extend({
    routes: z.array(target).min(1).meta({ title: "Routes" }),
    judge: target.meta({ title: "Judge model" }).optional(),
    headers: z
      .record(z.string().regex(/^[a-z]+$/), z.string())
      .default({})
      .meta({ title: "Headers" }),
  }),
  execute: async () => ({ outputs: {} }),
});
const registry = createRegistry([source, transform, sink, tool, toolbox, user, picker] as NodeDefinition[]);

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

  it("accepts a node whose only input is optional and unconnected when it feeds the flow", () => {
    const graph: FlowGraph = {
      nodes: [node("in", "source"), node("out", "user"), node("tool", "tool")],
      edges: [edge("a", "in", "text", "out", "text"), edge("b", "tool", "tool", "out", "tools")],
    };
    expect(compileFlow(graph, registry).ok).toBe(true);
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
      "bad-config: Transform: Factor: Factor must be at least 1", // no title: the key made readable
      'mystery: Unknown node type "teleporter"',
      'in: Source has no output "nope"',
      'lonely: Transform → Transform: cannot connect json output "Data" to text input "In"',
      'lonely: Transform: connect its "In" input',
      "t1: Transform is part of a cycle; flows must not loop back",
      "t2: Transform is part of a cycle; flows must not loop back",
      "lonely: Transform is not connected to the flow's input, so it would never run",
    ]);
    // a broken shape, as opposed to an unfinished flow (a bad setting, a missing connection)
    const structural = result.ok ? [] : result.problems.filter((problem) => problem.structural).map((problem) => problem.message);
    expect(structural).toEqual([
      'Unknown node type "teleporter"',
      'Source has no output "nope"',
      'Transform → Transform: cannot connect json output "Data" to text input "In"',
      "Transform is part of a cycle; flows must not loop back",
      "Transform is part of a cycle; flows must not loop back",
    ]);
  });

  it("names config fields by their titles, through lists, optional objects and records, and keeps the path", () => {
    const config = {
      maxTokens: 1.5,
      routes: [{ credentialId: "c" }, { credentialId: "" }],
      judge: {},
      headers: { "X-Bad": "1" },
    };
    const result = compileFlow({ nodes: [node("pick", "picker", config)], edges: [] }, registry);
    const problems = result.ok ? [] : result.problems.filter((problem) => problem.configPath);
    expect(problems).toEqual([
      { nodeId: "pick", configPath: ["credentialId"], message: "Picker: Provider: Choose a provider" },
      { nodeId: "pick", configPath: ["maxTokens"], message: "Picker: Max tokens: Invalid input: expected int, received number" },
      { nodeId: "pick", configPath: ["routes", 1, "credentialId"], message: "Picker: Routes #2 › Provider: Choose a provider" },
      { nodeId: "pick", configPath: ["judge", "credentialId"], message: "Picker: Judge model › Provider: Choose a provider" },
      { nodeId: "pick", configPath: ["headers", "X-Bad"], message: 'Picker: Headers › "X-Bad": Invalid key in record' },
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
