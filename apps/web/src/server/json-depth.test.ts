import { describe, expect, it } from "vitest";
import { MAX_JSON_DEPTH, nestsDeeperThan } from "./json-depth";

const nested = (depth: number) => {
  let text = '"x"';
  for (let level = 0; level < depth; level++) text = level % 2 ? `{"a":${text}}` : `[${text}]`;
  return JSON.parse(text) as unknown;
};

describe("nestsDeeperThan", () => {
  it("allows bodies up to the limit and refuses deeper ones", () => {
    expect(nestsDeeperThan(nested(MAX_JSON_DEPTH))).toBe(false);
    expect(nestsDeeperThan(nested(MAX_JSON_DEPTH + 1))).toBe(true);
    expect(nestsDeeperThan({ graph: { nodes: [{ config: { a: [1, 2, { b: "c" }] } }] } })).toBe(false);
    expect(nestsDeeperThan("text")).toBe(false);
  });

  it("measures 100,000 levels without overflowing the stack (JSON.stringify cannot)", () => {
    const deep = nested(100_000);
    expect(() => JSON.stringify(deep)).toThrow(RangeError);
    expect(nestsDeeperThan(deep)).toBe(true);
  });
});
