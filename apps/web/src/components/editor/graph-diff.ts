// What changed between two versions of a flow, in words a user can scan.
import type { FlowGraph } from "@switchyard/engine";

export function describeChanges(from: FlowGraph, to: FlowGraph): string[] {
  const changes: string[] = [];
  const before = new Map(from.nodes.map((node) => [node.id, node]));
  const after = new Map(to.nodes.map((node) => [node.id, node]));
  for (const [id, node] of after) {
    const old = before.get(id);
    if (!old) changes.push(`added ${node.type} #${id}`);
    else if (old.type !== node.type) changes.push(`#${id} became ${node.type}`);
    else {
      const keys = new Set([...Object.keys(old.config), ...Object.keys(node.config)]);
      for (const key of keys)
        if (JSON.stringify(old.config[key]) !== JSON.stringify(node.config[key]))
          changes.push(`#${id} ${key}: ${JSON.stringify(old.config[key]) ?? "unset"} → ${JSON.stringify(node.config[key]) ?? "unset"}`);
    }
  }
  for (const [id, node] of before) if (!after.has(id)) changes.push(`removed ${node.type} #${id}`);
  const edgeKey = (edge: FlowGraph["edges"][number]) => `${edge.source}.${edge.sourceHandle} → ${edge.target}.${edge.targetHandle}`;
  const oldEdges = new Set(from.edges.map(edgeKey));
  const newEdges = new Set(to.edges.map(edgeKey));
  for (const edge of newEdges) if (!oldEdges.has(edge)) changes.push(`connected ${edge}`);
  for (const edge of oldEdges) if (!newEdges.has(edge)) changes.push(`disconnected ${edge}`);
  return changes;
}
