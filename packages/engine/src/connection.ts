// Whether one connection may be made in a graph, and if not why: the rule the compiler applies to
// every edge and the editor applies while the user drags, so the canvas and validation never disagree.
// Callers word the answer for their audience (a problem list, a hint next to the pointer).
import { portsCompatible, type NodeDefinition, type PortDefinition } from "./node-definition";
import type { NodeRegistry } from "./registry";

export interface ConnectionEnds {
  source: string;
  sourceHandle?: string | null;
  target: string;
  targetHandle?: string | null;
}

/** The least of a graph this rule reads: node types and the edges already drawn. */
export interface ConnectionGraph<E extends ConnectionEnds = ConnectionEnds> {
  nodes: readonly { id: string; type: string }[];
  edges: readonly E[];
}

export type ConnectionProblem<E extends ConnectionEnds = ConnectionEnds> =
  /** An end is not a node of the graph, or not of a registered type. */
  | { code: "unknown-node"; nodeId: string }
  | { code: "no-output"; source: NodeDefinition; port: string }
  | { code: "no-input"; target: NodeDefinition; port: string }
  | { code: "self"; node: NodeDefinition }
  | { code: "incompatible"; source: NodeDefinition; target: NodeDefinition; output: PortDefinition; input: PortDefinition }
  /** The input takes one connection and has one: `taken` could be replaced by this one. */
  | { code: "input-taken"; target: NodeDefinition; input: PortDefinition; taken: E };

export function connectionProblem<E extends ConnectionEnds>(
  registry: NodeRegistry,
  graph: ConnectionGraph<E>,
  connection: ConnectionEnds,
): ConnectionProblem<E> | null {
  const definitionOf = (nodeId: string) => {
    const node = graph.nodes.find((candidate) => candidate.id === nodeId);
    return node && registry.get(node.type);
  };
  const source = definitionOf(connection.source);
  if (!source) return { code: "unknown-node", nodeId: connection.source };
  const target = definitionOf(connection.target);
  if (!target) return { code: "unknown-node", nodeId: connection.target };
  const output = source.outputs.find((port) => port.name === connection.sourceHandle);
  if (!output) return { code: "no-output", source, port: connection.sourceHandle ?? "" };
  const input = target.inputs.find((port) => port.name === connection.targetHandle);
  if (!input) return { code: "no-input", target, port: connection.targetHandle ?? "" };
  if (connection.source === connection.target) return { code: "self", node: source };
  if (!portsCompatible(output.type, input.type)) return { code: "incompatible", source, target, output, input };
  if (!input.multiple) {
    const taken = graph.edges.find((edge) => edge.target === connection.target && edge.targetHandle === connection.targetHandle);
    if (taken) return { code: "input-taken", target, input, taken };
  }
  return null;
}
