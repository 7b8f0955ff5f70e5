// Whether a connection being drawn may be made, and if not why, in words for the person dragging.
// The rule is the engine's own (connectionProblem, which the compiler applies to every edge), so the
// canvas and validation never disagree; only the wording is the editor's.
import { connectionProblem as engineConnectionProblem, type ConnectionEnds } from "@switchyard/engine";
import { nodeRegistry } from "@switchyard/nodes";
import type { Edge } from "@xyflow/react";
import type { FlowCanvasNode } from "./flow-node";

export interface ConnectionProblem {
  reason: string;
  /** Set when the only problem is that the input is taken: this edge could be replaced. */
  replaces?: Edge;
}

export function connectionProblem(connection: ConnectionEnds, nodes: FlowCanvasNode[], edges: Edge[]): ConnectionProblem | null {
  const graph = { nodes: nodes.map((node) => ({ id: node.id, type: node.data.nodeType })), edges };
  const problem = engineConnectionProblem(nodeRegistry, graph, connection);
  switch (problem?.code) {
    case undefined:
      return null;
    case "unknown-node":
    case "no-output":
    case "no-input":
      return { reason: "Connect an output to an input" };
    case "self":
      return { reason: "A node cannot feed itself" };
    case "incompatible":
      return { reason: `${problem.output.label} is ${problem.output.type}; ${problem.input.label} needs ${problem.input.type}` };
    case "input-taken":
      return { reason: `${problem.input.label} already has a connection: release to replace it`, replaces: problem.taken };
  }
}
