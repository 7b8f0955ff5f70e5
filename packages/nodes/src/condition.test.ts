import { describe, expect, it } from "vitest";
import { condition } from "./condition";
import { runNode } from "./shared/test-support";

describe("condition", () => {
  it("sends the value out of True or False and leaves the other port untaken", async () => {
    const config = { expression: 'contains(input, "refund") || variables.tier == "pro"' };
    const yes = await runNode(condition, config, { value: "I want a refund" });
    expect(yes.result.outputs).toEqual({ true: "I want a refund" });
    expect(yes.result.note).toBe('contains(input, "refund") || variables.tier == "pro" → true');

    const no = await runNode(condition, config, { value: "hello" }, { input: { variables: { tier: "free" } } });
    expect(no.result.outputs).toEqual({ false: "hello" });
    expect(Object.hasOwn(no.result.outputs, "true")).toBe(false);
  });

  it("reads JSON answers, the user's message and estimated tokens", async () => {
    const run = (expression: string, value: unknown) => runNode(condition, { expression }, { value }, { input: { message: "urgent!" } });
    expect((await run("json.score >= 0.8", '{"score": 0.9}')).result.outputs).toHaveProperty("true");
    expect((await run('contains(message, "urgent")', "x")).result.outputs).toHaveProperty("true");
    expect((await run("tokens > 100", "short")).result.outputs).toHaveProperty("false");
  });

  it("reports an expression it cannot read, and refuses to reach into prototypes", async () => {
    expect(condition.check!(condition.config.parse({ expression: "tokens >" }))).toEqual([
      expect.stringMatching(/^cannot read the expression/),
    ]);
    await expect(runNode(condition, { expression: 'input.constructor.constructor("return process")()' }, { value: "x" })).rejects.toThrow(
      /^only these functions can be called/,
    );
    await expect(runNode(condition, { expression: "input.__proto__" }, { value: {} })).rejects.toThrow(
      '"__proto__" cannot be read in an expression',
    );
  });
});
