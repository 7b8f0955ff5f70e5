import { describe, expect, it } from "vitest";
import { z } from "zod";
import { isFieldVisible, visibleWhen } from "./config-fields";

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
