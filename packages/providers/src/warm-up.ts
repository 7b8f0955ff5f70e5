// Exercises every provider's request path once against a closed local port, so the first real run
// of a fresh worker does not pay for lazy initialisation (fetch's HTTP client, provider code paths):
// measured at about 0.7 s, during which that run's streamed tokens would be held back.
import type { ProviderKind } from "./catalog";
import { createLanguageModel } from "./language-model";

const kinds: ProviderKind[] = ["OPENAI", "OPENAI_COMPATIBLE", "ANTHROPIC", "GOOGLE", "MISTRAL", "OLLAMA"];

export async function warmUpProviders(): Promise<void> {
  const closedPort = "http://127.0.0.1:9";
  await Promise.all(
    kinds.map(async (kind) => {
      const model = createLanguageModel(
        { kind, baseUrl: kind === "OLLAMA" ? closedPort : `${closedPort}/v1`, apiKey: "warm-up" },
        "warm-up",
      ) as unknown as {
        doStream: (options: unknown) => PromiseLike<unknown>;
      };
      await Promise.resolve(model.doStream({ prompt: [{ role: "user", content: [{ type: "text", text: "hi" }] }] })).catch(() => undefined);
    }),
  );
}
