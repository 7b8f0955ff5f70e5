// The canvas's nodes and edges (React Flow's shapes) to and from the stored flow graph, with no React:
// what the editor loads, saves, validates and pastes goes through these.
import type { FlowGraph } from "@switchyard/engine";
import type { Edge } from "@xyflow/react";
import type { FlowCanvasNode } from "./flow-node";
import { freshNodeId } from "./graph-tools";
import { nodeGeometry } from "./node-geometry";

type Position = { x: number; y: number };

export const canvasNode = (id: string, nodeType: string, config: Record<string, unknown>, position: Position): FlowCanvasNode => ({
  id,
  type: "flow",
  position,
  data: { nodeType, config },
  ...nodeGeometry(nodeType),
});

export const toCanvas = (graph: FlowGraph): { nodes: FlowCanvasNode[]; edges: Edge[] } => ({
  nodes: graph.nodes.map((node) => canvasNode(node.id, node.type, node.config, node.position)),
  edges: graph.edges.map((edge) => ({ ...edge })),
});

/** Positions are stored as whole pixels. */
export const toGraph = (nodes: FlowCanvasNode[], edges: Edge[]): FlowGraph => ({
  nodes: nodes.map((node) => ({
    id: node.id,
    type: node.data.nodeType,
    config: node.data.config,
    position: { x: Math.round(node.position.x), y: Math.round(node.position.y) },
  })),
  edges: edges.map((edge) => ({
    id: edge.id,
    source: edge.source,
    sourceHandle: edge.sourceHandle ?? "",
    target: edge.target,
    targetHandle: edge.targetHandle ?? "",
  })),
});

/** The graph without positions, as a string: equal for two canvases that differ only in where nodes sit. */
export const structureKey = (nodes: FlowCanvasNode[], edges: Edge[]): string =>
  JSON.stringify({
    nodes: nodes.map((node) => ({ id: node.id, type: node.data.nodeType, config: node.data.config })),
    edges: toGraph([], edges).edges,
  });

/**
 * Whether `nodes`/`edges` can share `previous`'s structure key without computing it: the same edges
 * array and the same node ids and data objects (a drag replaces positions only).
 */
export const sameStructure = (previous: { nodes: FlowCanvasNode[]; edges: Edge[] }, nodes: FlowCanvasNode[], edges: Edge[]): boolean =>
  previous.edges === edges &&
  previous.nodes.length === nodes.length &&
  nodes.every((node, index) => node.id === previous.nodes[index]!.id && node.data === previous.nodes[index]!.data);

export const nextNodeId = (type: string, nodes: FlowCanvasNode[]) => freshNodeId(type, new Set(nodes.map((node) => node.id)));

export const addedNode = (id: string, type: string, position: Position) => canvasNode(id, type, {}, position);
