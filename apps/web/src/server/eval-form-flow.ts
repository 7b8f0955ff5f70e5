// What the eval-run form needs to know about a flow: its model nodes (variants change them) and its
// prompt fields (a sweep's prompt axis changes one).
import { flowGraphSchema } from "@switchyard/engine";

export interface FormFlow {
  modelNodes: { id: string; credentialId: string; model: string }[];
  promptFields: { nodeId: string; field: string; label: string }[];
}

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
  };
}
