import { describe, expect, it } from "vitest";
import { estimateEvalRun, UNKNOWN_LATENCY_MS, type EstimateInput } from "./estimate";

const items = Array.from({ length: 10 }, () => ({ input: "x".repeat(40), expected: "y".repeat(20) })); // 10 + 5 tokens
const base: EstimateInput = {
  items,
  variants: [
    { key: "a", label: "A", calls: [{ credentialId: "c1", model: "small", promptChars: 40 }], cachedItems: 0 },
    { key: "b", label: "B", calls: [{ credentialId: "c1", model: "large", promptChars: 40 }], cachedItems: 0 },
  ],
  judges: [],
  concurrency: 5,
  // $1 per input token, $10 per output token: easy to check by hand
  price: (_credential, model, tokensIn, tokensOut) => (model === "free-text" ? null : tokensIn + tokensOut * 10),
  latencyMs: (_credential, model) => (model === "small" ? 100 : model === "large" ? 400 : null),
};

describe("eval run estimates", () => {
  it("count calls, price tokens from the text, and time the calls against the concurrency", () => {
    const estimate = estimateEvalRun(base);
    expect(estimate.pairs).toBe(20);
    expect(estimate.calls).toBe(20);
    expect(estimate.cachedCalls).toBe(0);
    // per item: 10 input + 10 prompt tokens in, 5 out → 20 + 50 = $70; 10 items × 2 variants
    expect(estimate.costUsd).toBe(1_400);
    // one credential: (10 × 100 + 10 × 400) ms of calls, 5 at a time
    expect(estimate.durationMs).toBe(1_000);
    expect(estimate.unpriced).toEqual([]);
  });

  it("take expected cache hits off the cost and the time", () => {
    const estimate = estimateEvalRun({ ...base, variants: [{ ...base.variants[0]!, cachedItems: 10 }, base.variants[1]!] });
    expect(estimate.cachedCalls).toBe(10);
    expect(estimate.variants.map((variant) => variant.costUsd)).toEqual([0, 700]);
    expect(estimate.durationMs).toBe(800 + 30); // the uncached variant, plus the cached pairs' own work
  });

  it("count every repeat's calls, cost and time, and cached cells out of items × repeats", () => {
    const estimate = estimateEvalRun({ ...base, repeats: 3 });
    expect(estimate.pairs).toBe(60);
    expect(estimate.calls).toBe(60);
    expect(estimate.costUsd).toBe(3 * 1_400);
    expect(estimate.durationMs).toBe(3 * 1_000);
    // one earlier single run cached the first repeat of every item: a third of this variant's cells
    const cached = estimateEvalRun({ ...base, repeats: 3, variants: [{ ...base.variants[0]!, cachedItems: 10 }, base.variants[1]!] });
    expect(cached.cachedCalls).toBe(10);
    expect(cached.variants.map((variant) => variant.costUsd)).toEqual([2 * 700, 3 * 700]);
  });

  it("add a call per judge and say which models have no price or no history", () => {
    const estimate = estimateEvalRun({
      ...base,
      variants: [
        { key: "a", label: "A", calls: [{ credentialId: "c2", model: "free-text", promptChars: 0, maxTokens: 2 }], cachedItems: 0 },
      ],
      judges: [{ credentialId: "c1", model: "judge", rubricChars: 0 }],
    });
    expect(estimate.calls).toBe(20);
    expect(estimate.unpriced).toEqual(["free-text"]);
    expect(estimate.untimed).toEqual(["free-text", "judge"]);
    expect(estimate.durationMs).toBe((10 * UNKNOWN_LATENCY_MS) / 5);
  });
});
