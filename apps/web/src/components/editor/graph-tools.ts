// Editing operations on the flow that need no React: copy/paste with fresh ids, and a layered
// auto-layout (each node one column right of its deepest input).
import type { FlowGraph } from "@switchyard/engine";

const CLIPBOARD_KEY = "switchyard.clipboard";

/** Copies the selected nodes and the edges between them; kept in local storage so it works across bots. */
export function copyNodes(graph: FlowGraph, selectedIds: Set<string>): number {
  const nodes = graph.nodes.filter((node) => selectedIds.has(node.id));
  const edges = graph.edges.filter((edge) => selectedIds.has(edge.source) && selectedIds.has(edge.target));
  if (nodes.length) localStorage.setItem(CLIPBOARD_KEY, JSON.stringify({ nodes, edges }));
  return nodes.length;
}

export function freshNodeId(type: string, taken: Set<string>): string {
  const base = type.replace(/[^a-z]+/g, "-");
  let index = 1;
  while (taken.has(`${base}-${index}`)) index++;
  taken.add(`${base}-${index}`);
  return `${base}-${index}`;
}

/** The clipboard's nodes with new ids (so they never collide), shifted so the copy is visible. */
export function pasteNodes(existing: FlowGraph): FlowGraph | null {
  let clip: FlowGraph;
  try {
    clip = JSON.parse(localStorage.getItem(CLIPBOARD_KEY) ?? "null") as FlowGraph;
  } catch {
    return null;
  }
  if (!clip?.nodes?.length) return null;
  const taken = new Set(existing.nodes.map((node) => node.id));
  const ids = new Map(clip.nodes.map((node) => [node.id, freshNodeId(node.type, taken)]));
  return {
    nodes: clip.nodes.map((node) => ({ ...node, id: ids.get(node.id)!, position: { x: node.position.x + 40, y: node.position.y + 40 } })),
    edges: clip.edges.map((edge) => ({
      ...edge,
      id: `e-${ids.get(edge.source)}-${edge.sourceHandle}-${ids.get(edge.target)}-${edge.targetHandle}`,
      source: ids.get(edge.source)!,
      target: ids.get(edge.target)!,
    })),
  };
}

/** Positions by longest path from the flow's inputs: columns left to right, rows in node order. */
export function autoLayout(graph: FlowGraph): Map<string, { x: number; y: number }> {
  const incoming = new Map(graph.nodes.map((node) => [node.id, [] as string[]]));
  for (const edge of graph.edges) incoming.get(edge.target)?.push(edge.source);
  const depth = new Map<string, number>();
  const visiting = new Set<string>();
  const depthOf = (id: string): number => {
    if (depth.has(id)) return depth.get(id)!;
    if (visiting.has(id)) return 0; // a cycle (reported by validation); do not loop
    visiting.add(id);
    const value = Math.max(-1, ...(incoming.get(id) ?? []).map(depthOf)) + 1;
    visiting.delete(id);
    depth.set(id, value);
    return value;
  };
  const rows = new Map<number, number>();
  const positions = new Map<string, { x: number; y: number }>();
  for (const node of graph.nodes) {
    const column = depthOf(node.id);
    const row = rows.get(column) ?? 0;
    rows.set(column, row + 1);
    positions.set(node.id, { x: column * 300, y: row * 190 });
  }
  return positions;
}
