import { describe, expect, it } from "vitest";
import { routeNamesFor } from "./route-names";

describe("naming a learned router's routes after their models", () => {
  it("names each route after its model, made a valid route name", () => {
    expect(
      routeNamesFor([
        { key: "v1", model: "gpt-4o-mini" },
        { key: "v2", model: "claude-3.5-sonnet" },
        { key: "v3", model: "meta-llama/Llama-3-8B" },
      ]),
    ).toEqual({ v1: "gpt-4o-mini", v2: "claude-3-5-sonnet", v3: "meta-llama-Llama-3-8B" });
  });

  it("keeps names unique when two routes use one model through different providers, and stable", () => {
    const routes = [
      { key: "v1", model: "small" },
      { key: "v2", model: "small" },
      { key: "v3", model: "small" },
    ];
    expect(routeNamesFor(routes)).toEqual({ v1: "small", v2: "small-2", v3: "small-3" });
    expect(routeNamesFor(routes)).toEqual(routeNamesFor(structuredClone(routes)));
  });

  it("stays within 40 characters, and falls back to the key when the model has no usable character", () => {
    const long = "x".repeat(60);
    const names = routeNamesFor([
      { key: "a", model: long },
      { key: "b", model: long },
      { key: "c", model: "…" },
    ]);
    expect(names.a).toBe("x".repeat(40));
    expect(names.b).toBe(`${"x".repeat(38)}-2`);
    expect(names.c).toBe("c");
  });
});
