// Whether a connection being drawn may be made, and if not why, in words for the person dragging.
// The type rule is the engine's own (portsCompatible), so the canvas and validation never disagree.
import { portsCompatible } from "@switchyard/engine";
import { nodeRegistry } from "@switchyard/nodes";
import type { Edge } from "@xyflow/react";
import type { FlowCanvasNode } from "./flow-node";

export interface ConnectionProblem {
  reason: string;
  /** Set when the only problem is that the input is taken: this edge could be replaced. */
  replaces?: Edge;
}

export function connectionProblem(
  connection: { source: string; sourceHandle?: string | null; target: string; targetHandle?: string | null },
  nodes: FlowCanvasNode[],
  edges: Edge[],
): ConnectionProblem | null {
  const source = nodes.find((node) => node.id === connection.source);
  const target = nodes.find((node) => node.id === connection.target);
  const output = source && nodeRegistry.get(source.data.nodeType)?.outputs.find((port) => port.name === connection.sourceHandle);
  const input = target && nodeRegistry.get(target.data.nodeType)?.inputs.find((port) => port.name === connection.targetHandle);
  if (!output || !input) return { reason: "Connect an output to an input" };
  if (connection.source === connection.target) return { reason: "A node cannot feed itself" };
  if (!portsCompatible(output.type, input.type)) return { reason: `${output.label} is ${output.type}; ${input.label} needs ${input.type}` };
  const taken = input.multiple
    ? undefined
    : edges.find((edge) => edge.target === connection.target && edge.targetHandle === connection.targetHandle);
  if (taken) return { reason: `${input.label} already has a connection: release to replace it`, replaces: taken };
  return null;
}
