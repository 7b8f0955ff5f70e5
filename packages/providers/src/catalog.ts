// The model catalog: context window, list prices (USD per million tokens) and capabilities of models
// people commonly use. It is data, not code: workspaces can add models and override prices (for
// negotiated rates, or a local model's hardware cost), and a model missing here still runs, at zero cost.
import { z } from "zod";

export const catalogEntrySchema = z.object({
  provider: z.enum(["OPENAI", "ANTHROPIC", "GOOGLE", "MISTRAL", "OPENAI_COMPATIBLE", "OLLAMA"]),
  model: z.string().min(1),
  label: z.string().optional(),
  contextWindow: z.number().int().positive(),
  inputPerMillion: z.number().nonnegative(),
  outputPerMillion: z.number().nonnegative(),
  capabilities: z.object({ tools: z.boolean(), vision: z.boolean(), json: z.boolean() }),
});

export type CatalogEntry = z.infer<typeof catalogEntrySchema>;
export type ProviderKind = CatalogEntry["provider"];

const entry = (
  provider: ProviderKind,
  model: string,
  contextWindow: number,
  inputPerMillion: number,
  outputPerMillion: number,
  capabilities: Partial<CatalogEntry["capabilities"]> = {},
): CatalogEntry => ({
  provider,
  model,
  contextWindow,
  inputPerMillion,
  outputPerMillion,
  capabilities: { tools: true, vision: false, json: true, ...capabilities },
});

// List prices as published by each provider when this list was written; edit per workspace as needed.
export const builtInCatalog: readonly CatalogEntry[] = [
  entry("OPENAI", "gpt-4.1", 1_047_576, 2, 8, { vision: true }),
  entry("OPENAI", "gpt-4.1-mini", 1_047_576, 0.4, 1.6, { vision: true }),
  entry("OPENAI", "gpt-4.1-nano", 1_047_576, 0.1, 0.4, { vision: true }),
  entry("OPENAI", "gpt-4o", 128_000, 2.5, 10, { vision: true }),
  entry("OPENAI", "gpt-4o-mini", 128_000, 0.15, 0.6, { vision: true }),
  entry("ANTHROPIC", "claude-opus-4-1", 200_000, 15, 75, { vision: true }),
  entry("ANTHROPIC", "claude-sonnet-4-5", 200_000, 3, 15, { vision: true }),
  entry("ANTHROPIC", "claude-3-5-haiku-latest", 200_000, 0.8, 4, { vision: true }),
  entry("GOOGLE", "gemini-2.5-pro", 1_048_576, 1.25, 10, { vision: true }),
  entry("GOOGLE", "gemini-2.5-flash", 1_048_576, 0.3, 2.5, { vision: true }),
  entry("GOOGLE", "gemini-2.0-flash", 1_048_576, 0.1, 0.4, { vision: true }),
  entry("MISTRAL", "mistral-large-latest", 128_000, 2, 6),
  entry("MISTRAL", "mistral-small-latest", 128_000, 0.1, 0.3),
  entry("OPENAI_COMPATIBLE", "deepseek-chat", 64_000, 0.27, 1.1),
  entry("OPENAI_COMPATIBLE", "meta-llama/Llama-3.1-8B-Instruct", 128_000, 0, 0),
  entry("OPENAI_COMPATIBLE", "Qwen/Qwen2.5-7B-Instruct", 32_768, 0, 0),
  entry("OLLAMA", "llama3.1:8b", 128_000, 0, 0),
  entry("OLLAMA", "qwen2.5:7b", 32_768, 0, 0),
  entry("OLLAMA", "mistral:7b", 32_768, 0, 0, { tools: false }),
  entry("OLLAMA", "deepseek-r1:8b", 128_000, 0, 0, { tools: false }),
];

/** A workspace's own price for a model, which wins over the list price. */
export type ModelPrice = Pick<CatalogEntry, "provider" | "model" | "inputPerMillion" | "outputPerMillion">;

export class ModelCatalog {
  private readonly entries = new Map<string, CatalogEntry>();
  private readonly prices = new Map<string, ModelPrice>();

  constructor(entries: readonly CatalogEntry[] = builtInCatalog, overrides: readonly CatalogEntry[] = []) {
    for (const item of [...entries, ...overrides]) this.entries.set(ModelCatalog.key(item.provider, item.model), item);
  }

  private static key = (provider: ProviderKind, model: string) => `${provider}\u0000${model}`;

  find(provider: ProviderKind, model: string): CatalogEntry | undefined {
    return this.entries.get(ModelCatalog.key(provider, model));
  }

  list(provider?: ProviderKind): CatalogEntry[] {
    return [...this.entries.values()].filter((item) => !provider || item.provider === provider);
  }

  /** This catalog with a workspace's prices (for models in it or not) in place of list prices. */
  withPrices(prices: readonly ModelPrice[]): ModelCatalog {
    const priced = new ModelCatalog([...this.entries.values()]);
    for (const price of [...this.prices.values(), ...prices]) priced.prices.set(ModelCatalog.key(price.provider, price.model), price);
    return priced;
  }

  /** The price usage of a model is costed at: the workspace's own, else the list price. */
  price(provider: ProviderKind, model: string): ModelPrice | undefined {
    const key = ModelCatalog.key(provider, model);
    return this.prices.get(key) ?? this.entries.get(key);
  }

  /** Cost in USD of real usage; models without a price cost nothing. */
  cost(provider: ProviderKind, model: string, tokensIn: number, tokensOut: number): number {
    const item = this.price(provider, model);
    if (!item) return 0;
    return (tokensIn * item.inputPerMillion + tokensOut * item.outputPerMillion) / 1_000_000;
  }
}
