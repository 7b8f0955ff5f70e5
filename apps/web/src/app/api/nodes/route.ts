// The node catalog for the editor: every node type with its ports and config schema (JSON Schema,
// generated from the same zod schema the engine validates with).
import { nodeDefinitions } from "@switchyard/nodes";
import { z } from "zod";
import { route } from "@/server/route";

const catalog = nodeDefinitions.map((definition) => ({
  type: definition.type,
  label: definition.label,
  category: definition.category,
  description: definition.description,
  inputs: definition.inputs,
  outputs: definition.outputs,
  configSchema: z.toJSONSchema(definition.config, { io: "input", unrepresentable: "any" }),
}));

export const GET = route({}, async () => ({ nodes: catalog }));
