"use client";
// The draft's problems, found by the same validation the engine runs before a run (with the
// workspace's references), listed by the notices bar and shown on each node through the store.
import { compileFlow, type FlowGraph, type GraphProblem } from "@switchyard/engine";
import { nodeRegistry } from "@switchyard/nodes";
import type { Edge } from "@xyflow/react";
import { useEffect, useMemo } from "react";
import type { EditorStore } from "./editor-store";
import type { FlowCanvasNode } from "./flow-node";
import { useStructureKey } from "./use-structure-key";
import { useWorkspaceReferences, type ReferenceIds } from "./workspace-references";

export function useDraftProblems(
  workspaceId: string,
  references: ReferenceIds,
  nodes: FlowCanvasNode[],
  edges: Edge[],
  store: EditorStore,
): GraphProblem[] {
  const structure = useStructureKey(nodes, edges);
  const existing = useWorkspaceReferences(workspaceId, references);
  const problems = useMemo(() => {
    const result = compileFlow(JSON.parse(structure) as FlowGraph, nodeRegistry, { references: existing });
    return result.ok ? [] : result.problems;
  }, [structure, existing]);
  useEffect(() => {
    const byNode = new Map<string, string[]>();
    for (const problem of problems)
      if (problem.nodeId) byNode.set(problem.nodeId, [...(byNode.get(problem.nodeId) ?? []), problem.message]);
    store.setProblems(byNode);
  }, [problems, store]);
  return problems;
}
