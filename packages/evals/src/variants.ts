// A variant is the flow with some node configs changed (typically a model node's provider and model,
// also prompts and parameters). Overrides merge over the node's config; the graph is never mutated.
import { z } from "zod";

export const variantSchema = z.object({
  key: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,39}$/, "A variant key is 1 to 40 lowercase letters, digits, - or _"),
  label: z.string().trim().min(1, "Name the variant").max(100),
  overrides: z.record(z.string(), z.record(z.string(), z.unknown())).default({}),
});
export type Variant = z.infer<typeof variantSchema>;

export const variantsSchema = z
  .array(variantSchema)
  .min(1, "Add at least one variant")
  .max(48, "An eval run has at most 48 variants")
  .refine((variants) => new Set(variants.map((variant) => variant.key)).size === variants.length, "Variant keys must differ");

interface GraphLike {
  nodes: { id: string; type: string; config: Record<string, unknown> }[];
}

export function applyOverrides<Graph extends GraphLike>(graph: Graph, overrides: Variant["overrides"]): Graph {
  const unknown = Object.keys(overrides).filter((nodeId) => !graph.nodes.some((node) => node.id === nodeId));
  if (unknown.length)
    throw new Error(`The variant changes node ${unknown.map((id) => `"${id}"`).join(", ")}, which the flow does not have`);
  return {
    ...graph,
    nodes: graph.nodes.map((node) => (overrides[node.id] ? { ...node, config: { ...node.config, ...overrides[node.id] } } : node)),
  };
}

/** The provider credentials a variant's flow calls: what per-provider concurrency limits are keyed on. */
export function credentialsOf(graph: GraphLike): string[] {
  const ids = graph.nodes.map((node) => node.config.credentialId).filter((id): id is string => typeof id === "string" && id !== "");
  return [...new Set(ids)].sort();
}

/** The two variants of "Swap model and re-run evals": the node as it is, and with the new model. */
export function swapVariants(
  nodeId: string,
  current: { credentialId: string; model: string },
  next: { credentialId: string; model: string },
): Variant[] {
  return [
    { key: "current", label: current.model, overrides: { [nodeId]: { ...current } } },
    { key: "candidate", label: next.model, overrides: { [nodeId]: { ...next } } },
  ];
}
