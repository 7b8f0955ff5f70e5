import { describe, expect, it } from "vitest";
import { fromJsonSchema } from "./json-schema";
import { PatternError } from "./pattern";

describe("fromJsonSchema", () => {
  it("checks pattern and patternProperties in linear time", () => {
    const schema = fromJsonSchema({
      type: "object",
      properties: { name: { type: "string", pattern: "^(a+)+$" } },
      patternProperties: { "^(x+x+)+y$": { type: "number" } },
    });
    const started = performance.now();
    expect(schema.safeParse({ name: `${"a".repeat(50_000)}!` }).success).toBe(false);
    expect(schema.safeParse({ name: "aaaa" }).success).toBe(true);
    expect(schema.safeParse({ [`${"x".repeat(50_000)}`]: "not checked: the key does not match" }).success).toBe(true);
    expect(schema.safeParse({ xxy: "text" }).success).toBe(false);
    expect(performance.now() - started).toBeLessThan(2_000);
  });

  it("leaves RegExp as it was, and zod's own formats working", () => {
    const schema = fromJsonSchema({ type: "string", format: "email", pattern: "@example\\.com$" });
    expect(globalThis.RegExp).toBe(/x/.constructor);
    expect(schema.safeParse("a@example.com").success).toBe(true);
    expect(schema.safeParse("not-an-email@example.com x").success).toBe(false);
  });

  it("refuses a pattern the engine cannot run, naming where it is", () => {
    expect(() => fromJsonSchema({ type: "object", properties: { code: { type: "string", pattern: "(a)\\1" } } })).toThrow(PatternError);
    expect(() => fromJsonSchema({ type: "object", properties: { code: { type: "string", pattern: "(a)\\1" } } })).toThrow(
      /^properties\.code\.pattern: .*backreferences/,
    );
  });
});
