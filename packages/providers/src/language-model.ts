// Turns a stored credential into an AI SDK language model. Model instances are cached per credential
// and model: constructing one builds its response schemas, which costs several milliseconds of CPU
// (more than everything else a run does), so no request may pay for it.
import { createAnthropic } from "@ai-sdk/anthropic";
import { createGoogleGenerativeAI } from "@ai-sdk/google";
import { createMistral } from "@ai-sdk/mistral";
import { createOpenAI } from "@ai-sdk/openai";
import { createOpenAICompatible } from "@ai-sdk/openai-compatible";
import type { LanguageModel } from "ai";
import { createHash } from "node:crypto";
import { createOllama } from "ollama-ai-provider-v2";
import type { ProviderKind } from "./catalog";

export interface ProviderCredential {
  kind: ProviderKind;
  baseUrl?: string | null;
  apiKey?: string;
}

type ModelFactory = (modelId: string) => LanguageModel;

const MAX_CACHED_MODELS = 1_000;
const models = new Map<string, LanguageModel>();

function fingerprint(credential: ProviderCredential): string {
  return createHash("sha256")
    .update(`${credential.kind}\u0000${credential.baseUrl ?? ""}\u0000${credential.apiKey ?? ""}`)
    .digest("base64url");
}

const trimSlash = (url: string | null | undefined) => (url ? url.replace(/\/+$/, "") : undefined);

function buildFactory({ kind, baseUrl, apiKey }: ProviderCredential): ModelFactory {
  const baseURL = trimSlash(baseUrl);
  switch (kind) {
    case "OPENAI": {
      const provider = createOpenAI({ apiKey, baseURL });
      return (id) => provider.chat(id);
    }
    case "OPENAI_COMPATIBLE": {
      if (!baseURL) throw new Error("An OpenAI-compatible provider needs a base URL");
      const provider = createOpenAICompatible({ name: "openai-compatible", baseURL, apiKey, includeUsage: true });
      return (id) => provider.chatModel(id);
    }
    case "ANTHROPIC": {
      const provider = createAnthropic({ apiKey, baseURL });
      return (id) => provider(id);
    }
    case "GOOGLE": {
      const provider = createGoogleGenerativeAI({ apiKey, baseURL });
      return (id) => provider(id);
    }
    case "MISTRAL": {
      const provider = createMistral({ apiKey, baseURL });
      return (id) => provider(id);
    }
    case "OLLAMA": {
      // Ollama's native API lives under /api; users usually paste the server's root URL
      const root = baseURL ?? "http://127.0.0.1:11434";
      const provider = createOllama({ baseURL: root.endsWith("/api") ? root : `${root}/api` });
      return (id) => provider(id);
    }
  }
}

export function createLanguageModel(credential: ProviderCredential, modelId: string): LanguageModel {
  const key = `${fingerprint(credential)}\u0000${modelId}`;
  let model = models.get(key);
  if (!model) {
    if (models.size >= MAX_CACHED_MODELS) models.delete(models.keys().next().value!);
    model = buildFactory(credential)(modelId);
    models.set(key, model);
  }
  return model;
}
