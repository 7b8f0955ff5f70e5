/** Dollars for traces: small amounts keep two significant digits, nothing shows as "$0.0". */
export function formatCost(usd: number): string {
  if (usd === 0) return "$0";
  return usd < 0.01 ? `$${usd.toPrecision(2)}` : `$${usd.toFixed(3)}`;
}

/** A share as a percentage with one decimal at most (0.9512 → "95.1%"). */
export const percent = (share: number) => `${Math.round(share * 1000) / 10}%`;

const providerNames: Record<string, string> = {
  OPENAI: "OpenAI",
  ANTHROPIC: "Anthropic",
  GOOGLE: "Google",
  MISTRAL: "Mistral",
  OPENAI_COMPATIBLE: "OpenAI-compatible",
  OLLAMA: "Ollama",
};

/** A provider kind as people name it ("OPENAI_COMPATIBLE" → "OpenAI-compatible"). */
export const providerName = (kind: string) => providerNames[kind] ?? kind;

/** Kinds whose models may run on the workspace's own hardware (Ollama; vLLM and LM Studio speak the OpenAI API): free is a likely price. */
export const LOCAL_PROVIDERS: ReadonlySet<string> = new Set(["OLLAMA", "OPENAI_COMPATIBLE"]);

/** Where a workspace sets the price of a model (the Usage page's prices card). */
export const pricesHref = (workspaceId: string) => `/w/${workspaceId}/usage#prices`;
