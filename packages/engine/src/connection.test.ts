import { describe, expect, it } from "vitest";
import { z } from "zod";
import { compileFlow } from "./compile";
import { connectionProblem } from "./connection";
import { defineNode } from "./node-definition";
import { createRegistry } from "./registry";

const text = defineNode({
  type: "text",
  label: "Text",
  category: "Input",
  description: "",
  inputs: [],
  outputs: [
    { name: "text", label: "Text", type: "text" },
    { name: "data", label: "Data", type: "json" },
  ],
  config: z.object({}),
  execute: async () => ({ outputs: {} }),
});
const join = defineNode({
  type: "join",
  label: "Join",
  category: "Prompt",
  description: "",
  inputs: [
    { name: "first", label: "First", type: "text" },
    { name: "many", label: "Many", type: "text", multiple: true },
  ],
  outputs: [{ name: "text", label: "Text", type: "text" }],
  config: z.object({}),
  execute: async () => ({ outputs: {} }),
});
const registry = createRegistry([text, join]);
const position = { x: 0, y: 0 };
const nodes = [
  { id: "a", type: "text", config: {}, position },
  { id: "b", type: "text", config: {}, position },
  { id: "j", type: "join", config: {}, position },
];
const edge = (id: string, source: string, sourceHandle: string, target: string, targetHandle: string) => ({
  id,
  source,
  sourceHandle,
  target,
  targetHandle,
});

describe("connectionProblem", () => {
  it("accepts a compatible connection to a free input", () => {
    expect(connectionProblem(registry, { nodes, edges: [] }, edge("e", "a", "text", "j", "first"))).toBeNull();
  });

  it("names what is wrong, in the order a person fixes it", () => {
    const graph = { nodes, edges: [edge("e1", "a", "text", "j", "first")] };
    expect(connectionProblem(registry, graph, edge("x", "nowhere", "text", "j", "first"))).toMatchObject({
      code: "unknown-node",
      nodeId: "nowhere",
    });
    expect(connectionProblem(registry, graph, edge("x", "a", "nope", "j", "first"))).toMatchObject({ code: "no-output", port: "nope" });
    expect(connectionProblem(registry, graph, edge("x", "a", "text", "j", "nope"))).toMatchObject({ code: "no-input", port: "nope" });
    expect(connectionProblem(registry, graph, edge("x", "j", "text", "j", "many"))).toMatchObject({ code: "self" });
    expect(connectionProblem(registry, graph, edge("x", "b", "data", "j", "many"))).toMatchObject({
      code: "incompatible",
      output: { name: "data" },
      input: { name: "many" },
    });
    // a single input that is taken offers the edge that holds it; a multiple one is never taken
    expect(connectionProblem(registry, graph, edge("x", "b", "text", "j", "first"))).toMatchObject({
      code: "input-taken",
      taken: { id: "e1" },
    });
    expect(
      connectionProblem(registry, { nodes, edges: [edge("e1", "a", "text", "j", "many")] }, edge("x", "b", "text", "j", "many")),
    ).toBeNull();
  });

  it("is the rule the compiler applies to every edge", () => {
    const graph = {
      nodes,
      edges: [edge("e1", "a", "text", "j", "first"), edge("e2", "b", "text", "j", "first"), edge("e3", "b", "data", "j", "many")],
    };
    const compiled = compileFlow(graph, registry);
    expect(compiled.ok).toBe(false);
    if (compiled.ok) return;
    // the first edge into "first" is accepted; each later one is refused for the reason the editor gives
    expect(
      compiled.problems
        .filter((problem) => problem.edgeId)
        .map((problem) => [
          problem.edgeId,
          connectionProblem(
            registry,
            { nodes, edges: graph.edges.slice(0, 1) },
            graph.edges.find((e) => e.id === problem.edgeId)!,
          )?.code,
        ]),
    ).toEqual([
      ["e2", "input-taken"],
      ["e3", "incompatible"],
    ]);
  });
});
