// A small picture of a flow, computed from the graph itself (node types, positions, edges), so the
// gallery never shows an image that has drifted from the template. Plain data; the page draws it as SVG.
import type { FlowGraph, NodeCategory } from "@switchyard/engine";
import { nodeRegistry } from "@switchyard/nodes";

export interface FlowPicture {
  width: number;
  height: number;
  nodes: { id: string; x: number; y: number; width: number; height: number; label: string; category: NodeCategory | "Unknown" }[];
  /** SVG path data of each edge: a curve from the source's right side to the target's left side. */
  edges: { id: string; path: string }[];
}

// In picture units: a box is narrower than a 300-unit grid column, so arrows have room between boxes.
const BOX = { width: 240, height: 84 };
const PAD = 12;

export function flowPicture(graph: FlowGraph): FlowPicture {
  const xs = graph.nodes.map((node) => node.position.x);
  const ys = graph.nodes.map((node) => node.position.y);
  const left = Math.min(...xs, 0);
  const top = Math.min(...ys, 0);
  const nodes = graph.nodes.map((node) => {
    const definition = nodeRegistry.get(node.type);
    return {
      id: node.id,
      x: node.position.x - left + PAD,
      y: node.position.y - top + PAD,
      ...BOX,
      label: definition?.label ?? node.type,
      category: definition?.category ?? ("Unknown" as const),
    };
  });
  const byId = new Map(nodes.map((node) => [node.id, node]));
  const edges = graph.edges.flatMap((edge) => {
    const source = byId.get(edge.source);
    const target = byId.get(edge.target);
    if (!source || !target) return [];
    const [x1, y1] = [source.x + source.width, source.y + source.height / 2];
    const [x2, y2] = [target.x, target.y + target.height / 2];
    // a target left of (or under) its source still gets a visible curve
    const bend = Math.max(40, Math.abs(x2 - x1) / 2);
    return [{ id: edge.id, path: `M ${x1} ${y1} C ${x1 + bend} ${y1}, ${x2 - bend} ${y2}, ${x2} ${y2}` }];
  });
  return {
    width: Math.max(0, ...nodes.map((node) => node.x + node.width)) + PAD,
    height: Math.max(0, ...nodes.map((node) => node.y + node.height)) + PAD,
    nodes,
    edges,
  };
}
