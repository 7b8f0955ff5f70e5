import { describe, expect, it } from "vitest";
import { compileExpression, expressionProblem } from "./expression";

const scope = { input: "I want a REFUND now", tokens: 1200, variables: { region: "eu", tier: "3" }, list: ["a", "b"] };
const evaluate = (source: string, values: Record<string, unknown> = scope) => compileExpression(source)(values);

describe("expressions", () => {
  it("compares, combines and calls the listed functions", () => {
    expect(evaluate('tokens > 1000 && variables.region == "eu"')).toBe(true);
    expect(evaluate("variables.tier >= 3")).toBe(true); // run variables are text; numbers still compare
    expect(evaluate('contains(input, "refund") || matches(input, "^cancel")')).toBe(true);
    expect(evaluate('matches(input, "^cancel")')).toBe(false);
    expect(evaluate('lower(input) == "i want a refund now"')).toBe(true);
    expect(evaluate('length(list) == 2 && list[1] == "b" && input.length == 19')).toBe(true);
    expect(evaluate('tokens > 5000 ? "hard" : "easy"')).toBe("easy");
    expect(evaluate("!missing && missing.deeper == null")).toBe(false); // unknown names are undefined, not errors
    expect(evaluate("missing.deeper")).toBeUndefined();
  });

  it("refuses prototype and constructor tricks", () => {
    for (const source of [
      "input.constructor",
      'input["constructor"]["constructor"]("return process")()',
      "__proto__",
      "variables.__proto__.polluted",
      'list["__proto__"]',
      "toString",
    ]) {
      let outcome: unknown;
      try {
        outcome = evaluate(source);
      } catch (error) {
        outcome = (error as Error).message;
      }
      expect(typeof outcome === "string" ? outcome : outcome, source).toSatisfy(
        (value: unknown) => value === undefined || /cannot be read|only these functions/.test(String(value)),
      );
    }
    expect(() => evaluate("input.constructor")).toThrow('"constructor" cannot be read in an expression');
    expect(() => evaluate("input.toString()")).toThrow(/only these functions can be called/);
    expect(() => evaluate("this")).toThrow(/not supported/);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("explains text that is not an expression", () => {
    expect(expressionProblem("tokens >")).toMatch(/^cannot read the expression/);
    expect(expressionProblem("a; b")).toBe("write a single expression");
    expect(expressionProblem('tokens > 3 && contains(input, "x")')).toBeNull();
    expect(() => evaluate('matches(input, "(")')).toThrow('matches(): "(" is not a valid regular expression');
    // refused when the expression is checked, before any run
    expect(expressionProblem('contains(input, "x") || matches(input, "a(?!b)")')).toMatch(/^matches\(\): .*lookaround/);
  });
});
