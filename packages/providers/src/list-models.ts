// "Test connection": asks a provider which models it serves, with the credential the user entered.
import { findBlockedError, providerFetch } from "@switchyard/net/providers";
import type { ProviderCredential } from "./language-model";

const defaults: Record<ProviderCredential["kind"], string> = {
  OPENAI: "https://api.openai.com/v1",
  ANTHROPIC: "https://api.anthropic.com/v1",
  GOOGLE: "https://generativelanguage.googleapis.com/v1beta",
  MISTRAL: "https://api.mistral.ai/v1",
  OPENAI_COMPATIBLE: "",
  OLLAMA: "http://127.0.0.1:11434",
};

export class ConnectionTestError extends Error {
  override name = "ConnectionTestError";
}

function request(credential: ProviderCredential): { url: string; headers: Record<string, string> } {
  const base = (credential.baseUrl || defaults[credential.kind]).replace(/\/+$/, "");
  if (!base) throw new ConnectionTestError("This provider needs a base URL");
  const key = credential.apiKey;
  switch (credential.kind) {
    case "OLLAMA":
      return { url: `${base.replace(/\/api$/, "")}/api/tags`, headers: {} };
    case "ANTHROPIC":
      return { url: `${base}/models`, headers: { "anthropic-version": "2023-06-01", ...(key && { "x-api-key": key }) } };
    case "GOOGLE":
      return { url: `${base}/models`, headers: key ? { "x-goog-api-key": key } : {} };
    default:
      return { url: `${base}/models`, headers: key ? { authorization: `Bearer ${key}` } : {} };
  }
}

/**
 * The model ids the provider lists. `fetcher` is the transport model calls use, so a test reaches
 * exactly what a run would (a guarded fetch where runs are guarded).
 */
export async function listProviderModels(
  credential: ProviderCredential,
  options: { timeoutMs?: number; fetcher?: typeof fetch } = {},
): Promise<string[]> {
  const { timeoutMs = 10_000, fetcher = providerFetch } = options;
  const { url, headers } = request(credential);
  let response: Response;
  try {
    response = await fetcher(url, { headers, signal: AbortSignal.timeout(timeoutMs) });
  } catch (error) {
    const refused = findBlockedError(error); // a metadata endpoint: say why, not "could not reach"
    if (refused) throw new ConnectionTestError(refused.message);
    const reason =
      (error as Error).name === "TimeoutError"
        ? `no answer within ${timeoutMs / 1000}s`
        : ((error as { cause?: Error }).cause?.message ?? (error as Error).message);
    throw new ConnectionTestError(`Could not reach ${new URL(url).origin}: ${reason}`);
  }
  if (response.status === 401 || response.status === 403) throw new ConnectionTestError("The provider refused the API key");
  if (!response.ok) throw new ConnectionTestError(`The provider answered ${response.status} ${response.statusText}`.trim());
  const body = (await response.json().catch(() => null)) as {
    data?: { id?: string }[];
    models?: { name?: string; model?: string }[];
  } | null;
  const ids =
    body?.data?.map((model) => model.id) ?? body?.models?.map((model) => model.model ?? model.name?.replace(/^models\//, "")) ?? [];
  return ids.filter((id): id is string => typeof id === "string").sort();
}
