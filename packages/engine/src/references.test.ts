import { describe, expect, it } from "vitest";
import { z } from "zod";
import { compileFlow } from "./compile";
import type { FlowGraph } from "./graph";
import { defineNode } from "./node-definition";
import { findReferences, modelTargets, reference } from "./references";
import { createRegistry } from "./registry";

const target = z.object({
  credentialId: z
    .string()
    .min(1)
    .meta({ title: "Provider", ...reference("credential") }),
  model: z.string(),
});
const start = defineNode({
  type: "start",
  label: "Start",
  category: "Input",
  description: "",
  inputs: [],
  outputs: [{ name: "text", label: "Text", type: "text" }],
  config: z.object({}),
  execute: async () => ({ outputs: {} }),
});
// a node type the check has never heard of: it only declares its fields
const router = defineNode({
  type: "router",
  label: "Router",
  category: "Model",
  description: "",
  inputs: [{ name: "prompt", label: "Prompt", type: "text", required: true }],
  outputs: [{ name: "text", label: "Text", type: "text" }],
  config: z.object({
    routes: z.array(z.object({ name: z.string(), ...target.shape, fallbacks: z.array(target).default([]) })).meta({ title: "Routes" }),
    storeId: z
      .string()
      .optional()
      .meta({ title: "Context store", ...reference("contextStore") }),
    headers: z.record(z.string(), z.string().meta(reference("httpCredential"))).default({}),
  }),
  execute: async () => ({ outputs: {} }),
});
const end = defineNode({
  type: "end",
  label: "End",
  category: "Output",
  description: "",
  inputs: [{ name: "text", label: "Text", type: "text", required: true }],
  outputs: [],
  config: z.object({}),
  execute: async () => ({ outputs: {} }),
});
const registry = createRegistry([start, router, end]);

const graphWith = (config: Record<string, unknown>): FlowGraph => ({
  nodes: [
    { id: "in", type: "start", config: {}, position: { x: 0, y: 0 } },
    { id: "pick", type: "router", config, position: { x: 0, y: 0 } },
    { id: "out", type: "end", config: {}, position: { x: 0, y: 0 } },
  ],
  edges: [
    { id: "a", source: "in", sourceHandle: "text", target: "pick", targetHandle: "prompt" },
    { id: "b", source: "pick", sourceHandle: "text", target: "out", targetHandle: "text" },
  ],
});

const config = {
  routes: [
    { name: "cheap", credentialId: "cred-here", model: "m", fallbacks: [{ credentialId: "cred-elsewhere", model: "m" }] },
    { name: "big", credentialId: "cred-gone", model: "m" },
  ],
  storeId: "store-1",
  headers: { Authorization: "http-1" },
};

describe("references to what a workspace holds", () => {
  it("finds every declared reference in nested objects, lists and records, and nothing else", () => {
    expect(findReferences(router.config, config)).toEqual([
      { kind: "credential", id: "cred-here", path: ["routes", 0, "credentialId"] },
      { kind: "credential", id: "cred-elsewhere", path: ["routes", 0, "fallbacks", 0, "credentialId"] },
      { kind: "credential", id: "cred-gone", path: ["routes", 1, "credentialId"] },
      { kind: "contextStore", id: "store-1", path: ["storeId"] },
      { kind: "httpCredential", id: "http-1", path: ["headers", "Authorization"] },
    ]);
    // an empty or missing id is the schema's problem ("Choose a provider"), not a dangling reference
    expect(findReferences(router.config, { routes: [{ credentialId: "" }] })).toEqual([]);
  });

  it("reports each missing one with the node and the field by their labels, and refuses to compile", () => {
    const result = compileFlow(graphWith(config), registry, {
      references: { credential: new Set(["cred-here"]), contextStore: new Set(["store-1"]), httpCredential: new Set() },
    });
    expect(result.ok).toBe(false);
    const problems = result.ok ? [] : result.problems;
    expect(problems.map((problem) => [problem.nodeId, problem.configPath, problem.message])).toEqual([
      [
        "pick",
        ["routes", 0, "fallbacks", 0, "credentialId"],
        "Router: Routes #1 › Fallbacks #1 › Provider: this provider does not exist in this workspace (it was removed, or the flow came from another workspace); choose another",
      ],
      [
        "pick",
        ["routes", 1, "credentialId"],
        "Router: Routes #2 › Provider: this provider does not exist in this workspace (it was removed, or the flow came from another workspace); choose another",
      ],
      [
        "pick",
        ["headers", "Authorization"],
        'Router: Headers › "Authorization": this HTTP credential does not exist in this workspace (it was removed, or the flow came from another workspace); choose another',
      ],
    ]);
  });

  it("says a route's pool is missing or has no members left, in its own words", () => {
    const pooled = {
      routes: [
        { name: "cheap", credentialId: "pool:p1", model: "m" },
        { name: "big", credentialId: "pool:p2", model: "m" },
      ],
    };
    const result = compileFlow(graphWith(pooled), registry, { references: { credential: new Set(["pool:p1"]) } });
    expect(result.ok ? [] : result.problems.map((problem) => [problem.configPath, problem.message])).toEqual([
      [
        ["routes", 1, "credentialId"],
        "Router: Routes #2 › Provider: this pool does not exist in this workspace or has no members left (it was removed, its credentials were removed, or the flow came from another workspace); choose another",
      ],
    ]);
  });

  it("checks only the kinds it is told about, and compiles when everything exists", () => {
    expect(compileFlow(graphWith(config), registry).ok).toBe(true);
    expect(compileFlow(graphWith(config), registry, { references: { dataset: new Set() } }).ok).toBe(true);
    const all = {
      credential: new Set(["cred-here", "cred-elsewhere", "cred-gone"]),
      contextStore: new Set(["store-1"]),
      httpCredential: new Set(["http-1"]),
    };
    expect(compileFlow(graphWith(config), registry, { references: all }).ok).toBe(true);
  });
});

describe("model targets", () => {
  it("pairs every credential reference with the model beside it", () => {
    expect(modelTargets(graphWith(config), registry)).toEqual([
      { nodeId: "pick", credentialId: "cred-here", model: "m" },
      { nodeId: "pick", credentialId: "cred-elsewhere", model: "m" },
      { nodeId: "pick", credentialId: "cred-gone", model: "m" },
    ]);
  });
});
