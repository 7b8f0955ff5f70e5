// The flow's reply as JSON that must match a JSON Schema. zod reads the schema (no code is generated
// from it), so a reply that does not fit fails the run with the path and reason of every mismatch.
import { defineNode } from "@switchyard/engine";
import { z } from "zod";
import { schemaFor } from "./shared/json-schema-text";

/** Models often wrap JSON in a ```json fence or a sentence; take the fenced or outermost JSON value. */
function extractJson(value: unknown): unknown {
  if (typeof value !== "string") return value;
  const fenced = value.match(/```(?:json)?\s*([\s\S]*?)```/i)?.[1];
  const text = (fenced ?? value).trim();
  try {
    return JSON.parse(text);
  } catch {
    const start = text.search(/[[{]/);
    const end = Math.max(text.lastIndexOf("}"), text.lastIndexOf("]"));
    if (start >= 0 && end > start)
      try {
        return JSON.parse(text.slice(start, end + 1));
      } catch {
        // reported below
      }
    throw new Error(`the input is not JSON: "${text.slice(0, 80)}${text.length > 80 ? "…" : ""}"`);
  }
}

export const structuredOutput = defineNode({
  type: "structured-output",
  label: "Structured output",
  category: "Output",
  description: "Replies with JSON checked against a JSON Schema; a reply that does not match fails with the reason.",
  inputs: [{ name: "value", label: "Value", type: "any", required: true }],
  outputs: [{ name: "json", label: "JSON", type: "json" }],
  config: z.object({
    schema: z.string().trim().min(2, "Write a JSON Schema").max(100_000).default('{\n  "type": "object"\n}').meta({ title: "JSON Schema" }),
  }),
  check(config) {
    try {
      schemaFor(config.schema);
      return [];
    } catch (error) {
      return [(error as Error).message];
    }
  },
  async execute({ config, inputs }) {
    const result = schemaFor(config.schema).safeParse(extractJson(inputs.value));
    if (!result.success) {
      const problems = result.error.issues.map((issue) => `${issue.path.length ? issue.path.join(".") : "(root)"}: ${issue.message}`);
      throw new Error(`the reply does not match the schema: ${problems.join("; ")}`);
    }
    return { outputs: { json: result.data }, reply: JSON.stringify(result.data, null, 2) };
  },
});
