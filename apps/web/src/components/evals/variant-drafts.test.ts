import { describe, expect, it } from "vitest";
import { currentVariant, routeComparison, variantBody } from "./variant-drafts";
import type { FormFlow } from "@/server/eval-form-flow";

const cheap = { name: "cheap-model", credentialId: "c1", model: "cheap-model", when: "", keywords: [], pattern: "", fallbacks: [] };
const strong = {
  name: "strong-model",
  credentialId: "c1",
  model: "strong-model",
  when: "tokens > 10",
  keywords: [],
  pattern: "",
  fallbacks: [],
};
const flow: FormFlow = {
  modelNodes: [],
  promptFields: [],
  retrieveNodes: [],
  routerNodes: [
    {
      id: "model",
      mode: "learned",
      routes: [cheap, strong].map((route) => ({ name: route.name, model: route.model, route })),
    },
  ],
};

describe("the eval form's variants for a routed bot", () => {
  it("compares the router deciding with each route alone, labelled by model", () => {
    const variants = routeComparison(currentVariant(flow), flow.routerNodes[0]!);
    expect(variants.map((variant) => [variant.label, variant.pins])).toEqual([
      ["learned router", {}],
      ["cheap-model only", { model: "cheap-model" }],
      ["strong-model only", { model: "strong-model" }],
    ]);
  });

  it("sends a pinned Router as that one route in rules mode, its rules cleared so it always answers", () => {
    const body = variantBody(routeComparison(currentVariant(flow), flow.routerNodes[0]!), flow);
    expect(body[0]).toEqual({ key: "v1", label: "learned router", overrides: {} });
    expect(body[2]).toEqual({
      key: "v3",
      label: "strong-model only",
      overrides: { model: { mode: "rules", routes: [{ ...strong, when: "" }], budgetRoute: "strong-model" } },
    });
  });

  it("ignores a pin to a route the chosen flow does not have", () => {
    const [variant] = variantBody([{ label: "", models: {}, pins: { model: "gone" } }], flow);
    expect(variant).toEqual({ key: "v1", label: "Variant 1", overrides: {} });
  });
});
