// The eval form's typed variants as drafts, and the variants (key, label, node overrides) they send.
import type { Variant } from "@switchyard/evals";
import type { FormFlow } from "@/server/eval-form-flow";

export type VariantDraft = {
  label: string;
  models: Record<string, { credentialId: string; model: string }>;
  /** Top-k per Retrieve node; absent for flows without one. */
  topK?: Record<string, number>;
  /** Per Router node, the route it is pinned to; absent or "": the router decides. */
  pins?: Record<string, string>;
};

/** The first variant of a flow: its nodes as they are. */
export function currentVariant(flow: FormFlow | undefined): VariantDraft {
  const variant: VariantDraft = {
    label: "current",
    models: Object.fromEntries((flow?.modelNodes ?? []).map((node) => [node.id, { credentialId: node.credentialId, model: node.model }])),
  };
  if (flow?.retrieveNodes.length) variant.topK = Object.fromEntries(flow.retrieveNodes.map((node) => [node.id, node.topK]));
  return variant;
}

/**
 * The routed flow beside each of its Router's routes alone: the first variant as it is (the router
 * deciding), then one per route, labelled by its model.
 */
export function routeComparison(first: VariantDraft, router: FormFlow["routerNodes"][number]): VariantDraft[] {
  const decides = { ...structuredClone(first), label: router.mode === "learned" ? "learned router" : "router", pins: {} };
  return [
    decides,
    ...router.routes.map((route) => ({ ...structuredClone(first), label: `${route.model} only`, pins: { [router.id]: route.name } })),
  ];
}

/**
 * A Router pinned to one route is that route alone in rules mode (a route without rules always
 * answers): the same prompt and settings, the one model, whatever the router's mode.
 */
const pinned = (flow: FormFlow | undefined, nodeId: string, name: string) => {
  const route = flow?.routerNodes.find((node) => node.id === nodeId)?.routes.find((candidate) => candidate.name === name);
  return route && { mode: "rules", routes: [{ ...route.route, when: "", keywords: [], pattern: "" }], budgetRoute: name };
};

export function variantBody(variants: VariantDraft[], flow: FormFlow | undefined): Variant[] {
  return variants.map((variant, index) => {
    const overrides: Variant["overrides"] = Object.fromEntries(
      Object.entries(variant.models).map(([nodeId, { credentialId, model }]) => [nodeId, { credentialId, model }]),
    );
    for (const [nodeId, topK] of Object.entries(variant.topK ?? {})) overrides[nodeId] = { topK };
    for (const [nodeId, name] of Object.entries(variant.pins ?? {})) {
      const pin = name && pinned(flow, nodeId, name);
      if (pin) overrides[nodeId] = pin;
    }
    return { key: `v${index + 1}`, label: variant.label || `Variant ${index + 1}`, overrides };
  });
}
