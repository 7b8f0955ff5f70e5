"use client";
// Validation depends on structure and configuration, not positions: this key changes when nodes, their
// configs or edges change, and not when nodes only move, so dragging does not re-validate.
import type { Edge } from "@xyflow/react";
import { useRef } from "react";
import { sameStructure, structureKey } from "./canvas-graph";
import type { FlowCanvasNode } from "./flow-node";

export function useStructureKey(nodes: FlowCanvasNode[], edges: Edge[]): string {
  const last = useRef<{ nodes: FlowCanvasNode[]; edges: Edge[]; key: string } | null>(null);
  const previous = last.current;
  if (previous !== null && sameStructure(previous, nodes, edges)) return previous.key;
  const key = structureKey(nodes, edges);
  last.current = { nodes, edges, key };
  return key;
}
