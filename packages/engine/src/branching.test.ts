// Conditional branches: untaken output ports skip what they feed, skips propagate, a node with an
// optional multi-input (Merge) runs with whatever arrived, and nodes can record sub-steps.
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { compileFlow } from "./compile";
import { executeFlow } from "./execute";
import { defineNode, type EngineServices, type NodeDefinition } from "./node-definition";
import { createRegistry } from "./registry";
import type { RunEvent } from "./run-events";
import type { FlowEdge, FlowGraph } from "./graph";

const start = defineNode({
  type: "start",
  label: "Start",
  category: "Input",
  description: "",
  inputs: [],
  outputs: [{ name: "text", label: "Text", type: "text" }],
  config: z.object({}),
  execute: async ({ run }) => ({ outputs: { text: run.input.message } }),
});
// takes "yes" when the message says so, else "no"; leaves the other port out
const fork = defineNode({
  type: "fork",
  label: "Fork",
  category: "Logic",
  description: "",
  inputs: [{ name: "in", label: "In", type: "any", required: true }],
  outputs: [
    { name: "yes", label: "Yes", type: "any" },
    { name: "no", label: "No", type: "any" },
  ],
  config: z.object({}),
  execute: async ({ inputs }) => ({
    outputs: String(inputs.in).includes("yes") ? { yes: inputs.in } : { no: inputs.in },
    note: "decided",
  }),
});
const shout = defineNode({
  type: "shout",
  label: "Shout",
  category: "Model",
  description: "",
  inputs: [
    { name: "in", label: "In", type: "any", required: true },
    { name: "extra", label: "Extra", type: "any" },
  ],
  outputs: [{ name: "out", label: "Out", type: "text" }],
  config: z.object({ cost: z.number().default(0) }),
  execute: async ({ inputs, config, run }) => ({
    outputs: { out: `${String(inputs.in).toUpperCase()} (spent ${run.spentUsd()})` },
    usage: { provider: "P", model: "m", tokensIn: 1, tokensOut: 1, costUsd: config.cost, attempts: 1 },
  }),
});
const merge = defineNode({
  type: "merge",
  label: "Merge",
  category: "Logic",
  description: "",
  inputs: [{ name: "in", label: "In", type: "any", multiple: true }],
  outputs: [{ name: "out", label: "Out", type: "any" }],
  config: z.object({}),
  execute: async ({ inputs }) => ({ outputs: { out: (inputs.in as unknown[]).join(",") } }),
});
const output = defineNode({
  type: "output",
  label: "Output",
  category: "Output",
  description: "",
  inputs: [{ name: "text", label: "Text", type: "any", required: true }],
  outputs: [],
  config: z.object({}),
  execute: async ({ inputs }) => ({ outputs: {}, reply: String(inputs.text) }),
});
const worker = defineNode({
  type: "worker",
  label: "Worker",
  category: "Model",
  description: "",
  inputs: [{ name: "in", label: "In", type: "any", required: true }],
  outputs: [{ name: "out", label: "Out", type: "text" }],
  config: z.object({}),
  execute: async ({ recordStep, inputs }) => {
    const first = recordStep({
      kind: "tool",
      name: "search",
      status: "SUCCEEDED",
      input: { q: inputs.in },
      output: { hits: 2 },
      startedAt: 1,
      finishedAt: 3,
    });
    const second = recordStep({
      kind: "tool",
      name: "search",
      status: "FAILED",
      input: {},
      output: null,
      error: "no index",
      usage: { provider: "P", model: "m", tokensIn: 4, tokensOut: 5, costUsd: 0.25, attempts: 1 },
      startedAt: 4,
      finishedAt: 6,
    });
    return { outputs: { out: `${first} ${second}` } };
  },
});
const registry = createRegistry([start, fork, shout, merge, output, worker] as NodeDefinition[]);
const services = {} as EngineServices;

const node = (id: string, type: string, config: Record<string, unknown> = {}) => ({ id, type, config, position: { x: 0, y: 0 } });
const edge = (source: string, sourceHandle: string, target: string, targetHandle: string): FlowEdge => ({
  id: `${source}.${sourceHandle}-${target}.${targetHandle}`,
  source,
  sourceHandle,
  target,
  targetHandle,
});

async function run(graph: FlowGraph, message: string) {
  const compiled = compileFlow(graph, registry);
  if (!compiled.ok) throw new Error(JSON.stringify(compiled.problems));
  const events: RunEvent[] = [];
  const result = await executeFlow(compiled.flow, { runId: "r", input: { message }, services, emit: (event) => events.push(event) });
  const statuses = Object.fromEntries(result.steps.map((step) => [step.nodeId, step.status]));
  return { result, events, statuses };
}

// start → fork; yes → shout A → out A; no → shout B → shout B2 → out B; both shouts → merge → out M
const diamond: FlowGraph = {
  nodes: [
    node("s", "start"),
    node("f", "fork"),
    node("a", "shout", { cost: 0.5 }),
    node("b", "shout"),
    node("b2", "shout"),
    node("m", "merge"),
    node("outA", "output"),
    node("outB", "output"),
    node("outM", "output"),
  ],
  edges: [
    edge("s", "text", "f", "in"),
    edge("f", "yes", "a", "in"),
    edge("f", "no", "b", "in"),
    edge("b", "out", "b2", "in"),
    edge("a", "out", "outA", "text"),
    edge("b2", "out", "outB", "text"),
    edge("a", "out", "m", "in"),
    edge("b2", "out", "m", "in"),
    edge("m", "out", "outM", "text"),
  ],
};

describe("conditional branches", () => {
  it("skips the untaken branch and everything fed only by it, and the merge runs with what arrived", async () => {
    const { result, statuses, events } = await run(diamond, "yes please");
    expect(statuses).toEqual({
      s: "SUCCEEDED",
      f: "SUCCEEDED",
      a: "SUCCEEDED",
      b: "SKIPPED",
      b2: "SKIPPED",
      m: "SUCCEEDED",
      outA: "SUCCEEDED",
      outB: "SKIPPED",
      outM: "SUCCEEDED",
    });
    expect(result.status).toBe("SUCCEEDED");
    expect(result.output?.split("\n\n").sort()).toEqual(["YES PLEASE (spent 0)", "YES PLEASE (spent 0)"]);
    const skipped = result.steps.find((step) => step.nodeId === "b")!;
    expect(skipped).toMatchObject({ attempts: 0, output: null, costUsd: 0, detail: { note: expect.stringMatching(/not taken/) } });
    // a skipped node is announced once as finished (never as started) so live views can grey it out
    expect(events.filter((event) => "nodeId" in event && event.nodeId === "b").map((event) => event.type)).toEqual(["node.finished"]);
    expect(events.find((event) => event.type === "node.finished" && event.nodeId === "f")).toMatchObject({ note: "decided" });
    expect(result.steps.find((step) => step.nodeId === "f")!.detail).toEqual({ note: "decided" });
  });

  it("takes the other branch for other input, and later nodes see what the run has spent", async () => {
    const { statuses, result } = await run(diamond, "no thanks");
    expect(statuses).toMatchObject({ a: "SKIPPED", outA: "SKIPPED", b: "SUCCEEDED", b2: "SUCCEEDED", outB: "SUCCEEDED", m: "SUCCEEDED" });
    expect(result.output).toContain("NO THANKS (SPENT 0) (spent 0)");

    const { result: yes } = await run(
      {
        nodes: [node("s", "start"), node("a", "shout", { cost: 0.5 }), node("b", "shout"), node("o", "output")],
        edges: [edge("s", "text", "a", "in"), edge("a", "out", "b", "in"), edge("b", "out", "o", "text")],
      },
      "x",
    );
    expect(yes.output).toBe("X (SPENT 0) (spent 0.5)");
  });

  it("skips a node whose required input was not taken even when another input arrived", async () => {
    const graph: FlowGraph = {
      nodes: [node("s", "start"), node("f", "fork"), node("c", "shout"), node("o", "output"), node("o2", "output")],
      edges: [
        edge("s", "text", "f", "in"),
        edge("f", "yes", "c", "in"),
        edge("s", "text", "c", "extra"),
        edge("c", "out", "o", "text"),
        edge("s", "text", "o2", "text"),
      ],
    };
    const { statuses, result } = await run(graph, "nope");
    expect(statuses).toMatchObject({ c: "SKIPPED", o: "SKIPPED", o2: "SUCCEEDED" });
    expect(result.steps.find((step) => step.nodeId === "c")!.detail).toEqual({
      note: 'Skipped: its input "In" comes from a branch that was not taken',
    });
    expect(result.output).toBe("nope");
  });

  it("ends a run whose every output was skipped as succeeded with an empty reply", async () => {
    const graph: FlowGraph = {
      nodes: [node("s", "start"), node("f", "fork"), node("o", "output")],
      edges: [edge("s", "text", "f", "in"), edge("f", "yes", "o", "text")],
    };
    const { result, statuses } = await run(graph, "no");
    expect(statuses).toEqual({ s: "SUCCEEDED", f: "SUCCEEDED", o: "SKIPPED" });
    expect(result).toMatchObject({ status: "SUCCEEDED", output: "" });
  });
});

describe("sub-steps", () => {
  it("records each sub-step under a derived id, emits it with its parent, and counts its cost", async () => {
    const graph: FlowGraph = {
      nodes: [node("s", "start"), node("agent", "worker"), node("o", "output")],
      edges: [edge("s", "text", "agent", "in"), edge("agent", "out", "o", "text")],
    };
    const { result, events } = await run(graph, "q");
    expect(result.output).toBe("agent/tool-1:search agent/tool-2:search");
    const sub = result.steps.filter((step) => step.nodeId.startsWith("agent/"));
    expect(sub.map((step) => [step.nodeId, step.status, step.nodeType])).toEqual([
      ["agent/tool-1:search", "SUCCEEDED", "tool"],
      ["agent/tool-2:search", "FAILED", "tool"],
    ]);
    expect(sub[0]).toMatchObject({ input: { q: "q" }, output: { hits: 2 }, detail: { parentId: "agent" }, startedAt: 1, finishedAt: 3 });
    expect(sub[1]).toMatchObject({ error: "no index", costUsd: 0.25, tokensIn: 4 });
    expect(result.costUsd).toBe(0.25);
    expect(events.filter((event) => event.type === "node.finished" && event.parentId === "agent")).toHaveLength(2);
    expect(events.find((event) => event.type === "node.started" && event.nodeId === "agent/tool-1:search")).toMatchObject({
      parentId: "agent",
      nodeType: "tool",
    });
  });
});
