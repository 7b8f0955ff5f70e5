import { describe, expect, it } from "vitest";
import { compilePattern, PatternError, patternProblem } from "./pattern";

describe("compilePattern", () => {
  it("matches like RegExp.test for ordinary patterns and flags", () => {
    expect(compilePattern("refund|return", "i").test("I want a REFUND")).toBe(true);
    expect(compilePattern("^\\d{3}-\\d{4}$").test("555-1234")).toBe(true);
    expect(compilePattern("^\\d{3}-\\d{4}$").test("555-12345")).toBe(false);
    expect(compilePattern("^b$", "m").test("a\nb\nc")).toBe(true);
    expect(compilePattern("a.b", "s").test("a\nb")).toBe(true);
    expect(compilePattern("a.b").test("a\nb")).toBe(false);
    expect(compilePattern("caf\\u00e9\\/x").test("café/x")).toBe(true);
    expect(compilePattern("(?<word>\\w+)").test("hello")).toBe(true);
  });

  it("runs a catastrophic-backtracking pattern in linear time", () => {
    const started = performance.now();
    // RegExp needs about 2^40 steps for this; RE2 one pass over 200,000 characters
    expect(compilePattern("^(a+)+$", "i").test(`${"a".repeat(200_000)}!`)).toBe(false);
    expect(compilePattern("(x+x+)+y").test("x".repeat(100_000))).toBe(false);
    expect(performance.now() - started).toBeLessThan(2_000);
  });

  it("refuses backreferences and lookaround, saying why", () => {
    expect(() => compilePattern("(a)\\1")).toThrow(PatternError);
    expect(() => compilePattern("(a)\\1")).toThrow(/backreferences.*linear time/);
    expect(() => compilePattern("(?<q>a)\\k<q>")).toThrow(/backreferences/);
    expect(() => compilePattern("foo(?=bar)")).toThrow(/lookaround/);
    expect(() => compilePattern("(?<!x)y")).toThrow(/lookaround/);
  });

  it("refuses invalid patterns and unsupported flags", () => {
    expect(() => compilePattern("(")).toThrow(/"\(" is not a valid regular expression/);
    expect(() => compilePattern("a", "g")).toThrow(/the flag "g" is not supported/);
  });

  it("caches compiled patterns per source and flags", () => {
    expect(compilePattern("abc", "i")).toBe(compilePattern("abc", "i"));
    expect(compilePattern("abc", "i")).not.toBe(compilePattern("abc"));
  });

  it("names the field in a config problem", () => {
    expect(patternProblem('route "a" pattern', "x(?=y)")).toMatch(/^route "a" pattern: "x\(\?=y\)" uses lookaround/);
    expect(patternProblem("pattern", "x+")).toBeNull();
  });
});
