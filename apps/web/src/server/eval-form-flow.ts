// What the eval-run form needs to know about a flow: its model nodes (variants change them), its
// prompt fields (a sweep's prompt axis changes one), its Retrieve nodes (variants change their
// top-k; knowledge-base metrics are offered only when there is one) and its Router nodes of two or
// more routes (a variant can pin one to a single route, to see each model alone beside the router).
import { flowGraphSchema } from "@switchyard/engine";
import { retrieveConfigSchema } from "@switchyard/nodes";

export interface FormFlow {
  modelNodes: { id: string; credentialId: string; model: string }[];
  promptFields: { nodeId: string; field: string; label: string }[];
  retrieveNodes: { id: string; topK: number }[];
  /** `route`: the route's config as stored, which a pinned variant makes the node's only route. */
  routerNodes: { id: string; mode: string; routes: { name: string; model: string; route: Record<string, unknown> }[] }[];
}

const topK = retrieveConfigSchema.shape.topK;

export function formFlow(graph: unknown): FormFlow {
  const { nodes } = flowGraphSchema.parse(graph);
  return {
    modelNodes: nodes
      .filter((node) => node.type === "model")
      .map((node) => ({ id: node.id, credentialId: String(node.config.credentialId ?? ""), model: String(node.config.model ?? "") })),
    promptFields: nodes.flatMap((node) =>
      node.type === "prompt-template"
        ? [{ nodeId: node.id, field: "template", label: `#${node.id} template` }]
        : node.type === "model"
          ? [{ nodeId: node.id, field: "system", label: `#${node.id} system prompt` }]
          : [],
    ),
    retrieveNodes: nodes
      .filter((node) => node.type === "retrieve")
      // a draft may hold a top-k the node refuses: the form starts from the node's default then
      .map((node) => ({ id: node.id, topK: topK.safeParse(node.config.topK).data ?? topK.parse(undefined) })),
    routerNodes: nodes
      .filter((node) => node.type === "router" && Array.isArray(node.config.routes) && node.config.routes.length > 1)
      .map((node) => ({
        id: node.id,
        mode: String(node.config.mode ?? "rules"),
        routes: (node.config.routes as Record<string, unknown>[]).map((route) => ({
          name: String(route.name ?? ""),
          model: String(route.model ?? ""),
          route,
        })),
      })),
  };
}
