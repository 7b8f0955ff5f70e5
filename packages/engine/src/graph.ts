// The flow graph as stored and exchanged (API, export files, job payloads). Structure only: what a
// node's config must contain is decided by its node type at validation time.
import { z } from "zod";

export const MAX_GRAPH_NODES = 5_000;
export const MAX_GRAPH_EDGES = 10_000;

const id = z.string().trim().min(1, "id must not be empty").max(100, "id must be at most 100 characters");

export const flowNodeSchema = z.object({
  // "/" is kept for the ids of sub-steps in traces ("agent-1/tool-1:search")
  id: id.refine((value) => !value.includes("/"), "a node id cannot contain /"),
  type: z.string().min(1).max(100),
  config: z.record(z.string(), z.unknown()).default({}),
  position: z.object({ x: z.number().finite(), y: z.number().finite() }).default({ x: 0, y: 0 }),
});

export const flowEdgeSchema = z.object({
  id,
  source: id,
  sourceHandle: z.string().min(1).max(100),
  target: id,
  targetHandle: z.string().min(1).max(100),
});

export const flowGraphSchema = z
  .object({
    nodes: z.array(flowNodeSchema).max(MAX_GRAPH_NODES, `a flow has at most ${MAX_GRAPH_NODES} nodes`),
    edges: z.array(flowEdgeSchema).max(MAX_GRAPH_EDGES, `a flow has at most ${MAX_GRAPH_EDGES} edges`),
  })
  .superRefine((graph, ctx) => {
    const seen = new Set<string>();
    graph.nodes.forEach((node, index) => {
      if (seen.has(node.id)) ctx.addIssue({ code: "custom", path: ["nodes", index, "id"], message: `duplicate node id "${node.id}"` });
      seen.add(node.id);
    });
    graph.edges.forEach((edge, index) => {
      for (const end of ["source", "target"] as const)
        if (!seen.has(edge[end]))
          ctx.addIssue({ code: "custom", path: ["edges", index, end], message: `edge ${edge.id} points at unknown node "${edge[end]}"` });
    });
  });

export type FlowNode = z.infer<typeof flowNodeSchema>;
export type FlowEdge = z.infer<typeof flowEdgeSchema>;
export type FlowGraph = z.infer<typeof flowGraphSchema>;

export const emptyGraph = (): FlowGraph => ({ nodes: [], edges: [] });
