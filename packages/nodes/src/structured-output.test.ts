import { describe, expect, it } from "vitest";
import { structuredOutput } from "./structured-output";
import { runNode } from "./shared/test-support";

const schema = JSON.stringify({
  type: "object",
  properties: {
    name: { type: "string", minLength: 1 },
    age: { type: "integer", minimum: 0 },
    tags: { type: "array", items: { type: "string" } },
  },
  required: ["name", "age"],
  additionalProperties: false,
});

describe("structured output", () => {
  it("replies with JSON that matches the schema, also when the model fenced it", async () => {
    const { result } = await runNode(structuredOutput, { schema }, { value: 'Here you go:\n```json\n{"name": "Ann", "age": 31}\n```' });
    expect(result.outputs).toEqual({ json: { name: "Ann", age: 31 } });
    expect(result.reply).toBe('{\n  "name": "Ann",\n  "age": 31\n}');
    expect((await runNode(structuredOutput, { schema }, { value: { name: "Bo", age: 2, tags: ["a"] } })).result.outputs.json).toEqual({
      name: "Bo",
      age: 2,
      tags: ["a"],
    });
  });

  it("fails with every mismatch and its path", async () => {
    await expect(runNode(structuredOutput, { schema }, { value: '{"name": "", "age": 1.5, "extra": true}' })).rejects.toThrow(
      /^the reply does not match the schema: name: Too small.*; age: .*expected int.*; \(root\): Unrecognized key: "extra"$/,
    );
    await expect(runNode(structuredOutput, { schema }, { value: "Sorry, I cannot help." })).rejects.toThrow(
      'the input is not JSON: "Sorry, I cannot help."',
    );
  });

  it("explains a schema it cannot use", () => {
    const check = (text: string) => structuredOutput.check!(structuredOutput.config.parse({ schema: text }));
    expect(check("{ nope")).toEqual([expect.stringMatching(/^the schema is not JSON/)]);
    expect(check("[1]")).toEqual(["the schema must be a JSON object"]);
    expect(check('{"type": "bogus"}')).toEqual(["the schema cannot be used: Unsupported type: bogus"]);
    expect(check('{"$ref": "http://example.com/s.json"}')).toEqual([expect.stringMatching(/only local refs/)]);
    expect(check(schema)).toEqual([]);
  });
});

describe("structured output: the schema's own patterns", () => {
  it("runs a catastrophic pattern in linear time and refuses one with lookaround", async () => {
    const evil = JSON.stringify({ type: "object", properties: { code: { type: "string", pattern: "^(a+)+$" } } });
    const started = performance.now();
    await expect(runNode(structuredOutput, { schema: evil }, { value: { code: `${"a".repeat(100_000)}!` } })).rejects.toThrow(/code: /);
    expect(performance.now() - started).toBeLessThan(2_000);
    const lookahead = JSON.stringify({ type: "string", pattern: "^(?!admin)" });
    expect(structuredOutput.check!(structuredOutput.config.parse({ schema: lookahead }))).toEqual([
      expect.stringMatching(/^the schema cannot be used: pattern: .*lookaround/),
    ]);
  });
});
