// JSON Schema written as text in a node's config, read by zod (no code generated from it) and cached,
// for the nodes that check values against one (Structured output, Approval).
import { fromJsonSchema } from "@switchyard/regex";
import type { z } from "zod";

const cache = new Map<string, z.ZodType>();

export function schemaFor(text: string): z.ZodType {
  let schema = cache.get(text);
  if (!schema) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      throw new Error(`the schema is not JSON: ${(error as Error).message}`);
    }
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) throw new Error("the schema must be a JSON object");
    try {
      schema = fromJsonSchema(parsed as Record<string, unknown>);
    } catch (error) {
      throw new Error(`the schema cannot be used: ${(error as Error).message}`);
    }
    if (cache.size >= 200) cache.delete(cache.keys().next().value!);
    cache.set(text, schema);
  }
  return schema;
}

/** Every mismatch of `value` with the schema, with its path ("age: expected number"); empty when it fits. */
export function schemaProblems(schemaText: string, value: unknown): string[] {
  const result = schemaFor(schemaText).safeParse(value);
  return result.success
    ? []
    : result.error.issues.map((issue) => `${issue.path.length ? issue.path.join(".") : "(root)"}: ${issue.message}`);
}
