// Validates a flow graph against the node registry and, when it is sound, compiles it into the form
// the executor runs. Validation collects every problem (not just the first) with the node or edge it
// concerns and a sentence a user understands.
import { configPathLabel } from "./field-labels";
import type { FlowGraph } from "./graph";
import { connectionProblem, type ConnectionProblem } from "./connection";
import type { NodeDefinition } from "./node-definition";
import { checkReferences, type ExistingReferences } from "./references";
import type { NodeRegistry } from "./registry";

export interface GraphProblem {
  nodeId?: string;
  edgeId?: string;
  /** For a config problem, where in the node's config it is (["routes", 0, "model"]); the message names fields by label. */
  configPath?: (string | number)[];
  message: string;
  /**
   * The graph's shape is broken (an unknown node type, an edge between ports that do not exist or do not
   * fit, a loop), not merely unfinished (a missing setting or connection): importing refuses such a flow.
   */
  structural?: true;
}

export interface CompiledNode {
  id: string;
  type: string;
  definition: NodeDefinition;
  config: unknown;
  /** For each connected input port, the upstream node outputs that feed it, in edge order. */
  inputs: { port: string; multiple: boolean; sources: { nodeId: string; port: string }[] }[];
  dependents: string[];
  dependencyCount: number;
}

export interface CompiledFlow {
  nodes: ReadonlyMap<string, CompiledNode>;
  /** A topological order: every node comes after the nodes it depends on. */
  order: string[];
}

export type CompileResult = { ok: true; flow: CompiledFlow } | { ok: false; problems: GraphProblem[] };

export interface CompileOptions {
  /** What exists in the workspace: references to anything else are problems (see references.ts). */
  references?: ExistingReferences;
}

export function compileFlow(graph: FlowGraph, registry: NodeRegistry, options: CompileOptions = {}): CompileResult {
  const problems: GraphProblem[] = options.references ? checkReferences(graph, registry, options.references) : [];
  const nodes = new Map<string, CompiledNode>();

  for (const node of graph.nodes) {
    const definition = registry.get(node.type);
    if (!definition) {
      problems.push({ nodeId: node.id, message: `Unknown node type "${node.type}"`, structural: true });
      continue;
    }
    const parsed = definition.config.safeParse(node.config);
    if (!parsed.success)
      for (const issue of parsed.error.issues) {
        const field = issue.path.length ? `${configPathLabel(definition.config, issue.path)}: ` : "";
        problems.push({
          nodeId: node.id,
          configPath: issue.path.map((key) => (typeof key === "number" ? key : String(key))),
          message: `${definition.label}: ${field}${issue.message}`,
        });
      }
    else
      for (const message of definition.check?.(parsed.data) ?? [])
        problems.push({ nodeId: node.id, message: `${definition.label}: ${message}` });
    // a node with a bad config still takes part in the structural checks, so its neighbours are not
    // reported as disconnected because of it (the flow cannot compile either way)
    nodes.set(node.id, {
      id: node.id,
      type: node.type,
      definition,
      config: parsed.success ? parsed.data : node.config,
      inputs: [],
      dependents: [],
      dependencyCount: 0,
    });
  }

  const accepted: FlowGraph["edges"] = [];
  const known = { nodes: [...nodes.values()], edges: accepted };
  for (const edge of graph.edges) {
    const problem = connectionProblem(registry, known, edge);
    if (problem) {
      const message = edgeProblemMessage(problem);
      if (message)
        problems.push({ edgeId: edge.id, nodeId: problem.code === "no-output" ? edge.source : edge.target, message, structural: true });
      continue;
    }
    accepted.push(edge);
    const source = nodes.get(edge.source)!;
    const target = nodes.get(edge.target)!;
    const output = source.definition.outputs.find((port) => port.name === edge.sourceHandle)!;
    const input = target.definition.inputs.find((port) => port.name === edge.targetHandle)!;
    let slot = target.inputs.find((candidate) => candidate.port === input.name);
    if (!slot) {
      slot = { port: input.name, multiple: input.multiple ?? false, sources: [] };
      target.inputs.push(slot);
    }
    slot.sources.push({ nodeId: source.id, port: output.name });
    if (!source.dependents.includes(target.id)) {
      source.dependents.push(target.id);
      target.dependencyCount += 1;
    }
  }

  for (const node of nodes.values())
    for (const port of node.definition.inputs)
      if (port.required && !node.inputs.some((slot) => slot.port === port.name))
        problems.push({ nodeId: node.id, message: `${node.definition.label}: connect its "${port.label}" input` });

  const order = topologicalOrder(nodes);
  const ordered = new Set(order);
  for (const node of nodes.values())
    if (!ordered.has(node.id))
      problems.push({
        nodeId: node.id,
        message: `${node.definition.label} is part of a cycle; flows must not loop back`,
        structural: true,
      });

  const reachable = reachableFromInputs(nodes);
  for (const node of nodes.values())
    if (ordered.has(node.id) && !reachable.has(node.id))
      problems.push({ nodeId: node.id, message: `${node.definition.label} is not connected to the flow's input, so it would never run` });

  const all = [...nodes.values()];
  if (graph.nodes.length && !all.some((node) => node.definition.category === "Input"))
    problems.push({ message: "Add a Chat input node: a flow starts there" });
  if (graph.nodes.length && !all.some((node) => node.definition.category === "Output"))
    problems.push({ message: "Add a Chat output node: without one the flow never replies" });
  if (!graph.nodes.length) problems.push({ message: "The flow is empty" });

  return problems.length ? { ok: false, problems } : { ok: true, flow: { nodes, order } };
}

function topologicalOrder(nodes: Map<string, CompiledNode>): string[] {
  const remaining = new Map([...nodes.values()].map((node) => [node.id, node.dependencyCount]));
  const ready = [...remaining].filter(([, count]) => count === 0).map(([id]) => id);
  const order: string[] = [];
  while (ready.length) {
    const id = ready.shift()!;
    order.push(id);
    for (const dependent of nodes.get(id)!.dependents) {
      const left = remaining.get(dependent)! - 1;
      remaining.set(dependent, left);
      if (left === 0) ready.push(dependent);
    }
  }
  return order;
}

/** Runs start at Input nodes and at nodes that need no input (a tool an agent uses), when they feed something. */
function reachableFromInputs(nodes: Map<string, CompiledNode>): Set<string> {
  const seen = new Set<string>();
  // a flow starts at its inputs, and at nodes that need no input (memory, tools an agent calls) when they feed something
  const startsOnItsOwn = (node: CompiledNode) =>
    node.dependencyCount === 0 && !node.definition.inputs.some((port) => port.required) && node.dependents.length > 0;
  const stack = [...nodes.values()].filter((node) => node.definition.category === "Input" || startsOnItsOwn(node)).map((node) => node.id);
  while (stack.length) {
    const id = stack.pop()!;
    if (seen.has(id)) continue;
    seen.add(id);
    stack.push(...nodes.get(id)!.dependents);
  }
  return seen;
}

/**
 * Memoizes compilation by a key that names an immutable graph ("version:<id>", "draft:<bot>:<rev>"),
 * so a flow is validated and compiled once per process, not once per run.
 */
export function createFlowCompiler(registry: NodeRegistry, maxEntries = 1_000) {
  const cache = new Map<string, CompileResult>();
  const compile = (key: string, graph: FlowGraph): CompileResult => {
    const hit = cache.get(key);
    if (hit) return hit;
    const result = compileFlow(graph, registry);
    if (cache.size >= maxEntries) cache.delete(cache.keys().next().value!);
    cache.set(key, result);
    return result;
  };
  return Object.assign(compile, { peek: (key: string) => cache.get(key) });
}

/** A refused edge in the words of the problem list (nothing for an end already reported as an unknown node type). */
function edgeProblemMessage(problem: ConnectionProblem): string | null {
  switch (problem.code) {
    case "unknown-node":
      return null;
    case "no-output":
      return `${problem.source.label} has no output "${problem.port}"`;
    case "no-input":
      return `${problem.target.label} has no input "${problem.port}"`;
    case "self":
      return `${problem.node.label} cannot feed itself; flows must not loop back`;
    case "incompatible":
      return `${problem.source.label} → ${problem.target.label}: cannot connect ${problem.output.type} output "${problem.output.label}" to ${problem.input.type} input "${problem.input.label}"`;
    case "input-taken":
      return `${problem.target.label}: input "${problem.input.label}" accepts one connection`;
  }
}
