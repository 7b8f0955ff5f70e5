import { describe, expect, it } from "vitest";
import { z } from "zod";
import { isFieldVisible, optionLabels, visibleWhen } from "./config-fields";
import { optionLabel } from "./field-labels";

describe("config field visibility", () => {
  const schema = z.object({
    kind: z.enum(["regex", "contains", "judge"]).default("contains"),
    pattern: z
      .string()
      .optional()
      .meta(visibleWhen("kind", ["regex"])),
    caseSensitive: z
      .boolean()
      .default(false)
      .meta(visibleWhen("kind", ["regex", "contains"])),
    note: z.string().optional(),
  });
  const { properties } = z.toJSONSchema(schema, { io: "input" }) as { properties: Record<string, Record<string, unknown>> };
  const defaults = { kind: "contains" };

  it("travels in the JSON Schema the editor's form is built from", () => {
    expect(properties.pattern).toMatchObject({ type: "string", visibleWhen: { kind: ["regex"] } });
    expect(properties.caseSensitive).toMatchObject({ type: "boolean", default: false, visibleWhen: { kind: ["regex", "contains"] } });
  });

  it("shows a field only for the listed values of its sibling, reading an unset sibling as its default", () => {
    expect(isFieldVisible(properties.pattern!, { kind: "regex" }, defaults)).toBe(true);
    expect(isFieldVisible(properties.pattern!, { kind: "judge" }, defaults)).toBe(false);
    expect(isFieldVisible(properties.pattern!, {}, defaults)).toBe(false);
    expect(isFieldVisible(properties.caseSensitive!, {}, defaults)).toBe(true);
  });

  it("always shows a field without the metadata", () => {
    expect(isFieldVisible(properties.note!, { kind: "judge" }, defaults)).toBe(true);
  });

  it("is only a hint for the form: values of hidden fields still validate", () => {
    expect(schema.parse({ kind: "judge", pattern: "^a" })).toEqual({ kind: "judge", pattern: "^a", caseSensitive: false });
  });
});

describe("config option labels", () => {
  const schema = z.object({
    kind: z
      .enum(["exact_match", "llm_judge", "json"])
      .default("exact_match")
      .meta({ title: "Evaluator", ...optionLabels({ llm_judge: "LLM judge" }) }),
    method: z.enum(["GET", "POST"]).default("GET"),
  });
  const { properties } = z.toJSONSchema(schema, { io: "input" }) as { properties: Record<string, Record<string, unknown>> };

  it("travel in the JSON Schema next to the enum, which keeps the raw values", () => {
    expect(properties.kind).toMatchObject({ enum: ["exact_match", "llm_judge", "json"], optionLabels: { llm_judge: "LLM judge" } });
    expect(schema.parse({ kind: "llm_judge" }).kind).toBe("llm_judge");
  });

  it("name a value by its label, or by the value made readable when it has none", () => {
    expect(optionLabel(properties.kind!, "llm_judge")).toBe("LLM judge");
    expect(optionLabel(properties.kind!, "exact_match")).toBe("Exact match");
    expect(optionLabel(properties.kind!, "json")).toBe("Json");
  });

  it("leave acronyms such as HTTP methods as they are", () => {
    expect(optionLabel(properties.method!, "GET")).toBe("GET");
    expect(optionLabel({}, "streamable-http")).toBe("Streamable http");
  });
});
