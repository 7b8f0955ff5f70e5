import { describe, expect, it } from "vitest";
import { ModelCatalog } from "./catalog";
import { compareWithMostExpensive } from "./cost-comparison";

describe("compareWithMostExpensive", () => {
  const catalog = new ModelCatalog().withPrices([
    { provider: "OLLAMA", model: "llama3.1:8b", inputPerMillion: 0.05, outputPerMillion: 0.05 },
  ]);

  it("prices all the traffic on each model in use and keeps the costliest", () => {
    const result = compareWithMostExpensive(
      [
        { provider: "OPENAI", model: "gpt-4o-mini", tokensIn: 1_000_000, tokensOut: 100_000, costUsd: 0.21 },
        { provider: "OPENAI", model: "gpt-4o", tokensIn: 100_000, tokensOut: 10_000, costUsd: 0.35 },
        { provider: "OLLAMA", model: "llama3.1:8b", tokensIn: 500_000, tokensOut: 0, costUsd: 0.025 },
      ],
      catalog,
    );
    // 1.6M tokens in and 110k out on gpt-4o: 1.6 * 2.5 + 0.11 * 10
    expect(result.mostExpensive).toEqual({ provider: "OPENAI", model: "gpt-4o", costUsd: expect.closeTo(5.1, 9) });
    expect(result.actualCostUsd).toBeCloseTo(0.585, 9);
  });

  it("uses the workspace's price over the list price, and skips models without any price", () => {
    const result = compareWithMostExpensive(
      [
        { provider: "OLLAMA", model: "llama3.1:8b", tokensIn: 2_000_000, tokensOut: 0, costUsd: 0.1 },
        { provider: "OPENAI_COMPATIBLE", model: "unknown-local", tokensIn: 1, tokensOut: 1, costUsd: 0 },
      ],
      catalog,
    );
    // all 2,000,001 tokens in and 1 out, at the workspace's $0.05 per million
    expect(result.mostExpensive).toEqual({ provider: "OLLAMA", model: "llama3.1:8b", costUsd: expect.closeTo(0.1000001, 12) });
  });

  it("has no most expensive model when nothing in use is priced", () => {
    const result = compareWithMostExpensive([{ provider: "OLLAMA", model: "nameless", tokensIn: 5, tokensOut: 5, costUsd: 0 }], catalog);
    expect(result).toEqual({ actualCostUsd: 0, mostExpensive: null });
  });
});
