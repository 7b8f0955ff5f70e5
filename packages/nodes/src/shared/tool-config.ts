// What every tool node's config has in common: the name and description an agent's model sees.
import type { ToolParameters } from "@switchyard/engine";
import { z } from "zod";

export const toolConfigFields = (name: string, description: string) => ({
  toolName: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,64}$/, "Tool names use up to 64 letters, digits, _ and -")
    .default(name)
    .meta({ title: "Tool name (for agents)" }),
  toolDescription: z
    .string()
    .trim()
    .min(1, "Describe the tool for the model")
    .max(2_000)
    .default(description)
    .meta({ title: "Tool description (for the model)" }),
});

/** A JSON Schema for arguments that fill {{variables}}: each a required string. */
export function toolParametersFor(variables: string[]): ToolParameters {
  const names = [...new Set(variables)];
  return {
    type: "object",
    properties: Object.fromEntries(names.map((name) => [name, { type: "string" }])),
    required: names,
    additionalProperties: false,
  };
}
