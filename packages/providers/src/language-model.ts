// Turns a stored credential into an AI SDK language model. Model instances are cached per credential
// and model: constructing one builds its response schemas, which costs several milliseconds of CPU
// (more than everything else a run does), so no request may pay for it.
import { createAnthropic } from "@ai-sdk/anthropic";
import { createGoogleGenerativeAI } from "@ai-sdk/google";
import { createMistral } from "@ai-sdk/mistral";
import { createOpenAI } from "@ai-sdk/openai";
import { createOpenAICompatible } from "@ai-sdk/openai-compatible";
import type { EmbeddingModel, LanguageModel } from "ai";
import { providerFetch } from "@switchyard/net/providers";
import { createHash } from "node:crypto";
import { createOllama } from "ollama-ai-provider-v2";
import type { ProviderKind } from "./catalog";

export interface ProviderCredential {
  kind: ProviderKind;
  baseUrl?: string | null;
  apiKey?: string;
}

interface ModelFactory {
  language: (modelId: string) => LanguageModel;
  /** Absent for providers without embedding models (Anthropic). */
  embedding?: (modelId: string) => EmbeddingModel;
}

const MAX_CACHED_MODELS = 1_000;
const models = new Map<string, LanguageModel | EmbeddingModel>();

/** Per credential object: the worker reuses a decrypted credential's object for every call until it expires. */
const fingerprints = new WeakMap<ProviderCredential, string>();

function fingerprint(credential: ProviderCredential): string {
  let known = fingerprints.get(credential);
  if (known === undefined) {
    known = createHash("sha256")
      .update(`${credential.kind}\u0000${credential.baseUrl ?? ""}\u0000${credential.apiKey ?? ""}`)
      .digest("base64url");
    fingerprints.set(credential, known);
  }
  return known;
}

const trimSlash = (url: string | null | undefined) => (url ? url.replace(/\/+$/, "") : undefined);

// Every call goes through the provider URL rule (never a cloud metadata endpoint; packages/net).
const fetch = providerFetch;

function buildFactory({ kind, baseUrl, apiKey }: ProviderCredential): ModelFactory {
  const baseURL = trimSlash(baseUrl);
  switch (kind) {
    case "OPENAI": {
      const provider = createOpenAI({ apiKey, baseURL, fetch });
      return { language: (id) => provider.chat(id), embedding: (id) => provider.embedding(id) };
    }
    case "OPENAI_COMPATIBLE": {
      if (!baseURL) throw new Error("An OpenAI-compatible provider needs a base URL");
      const provider = createOpenAICompatible({ name: "openai-compatible", baseURL, apiKey, includeUsage: true, fetch });
      return { language: (id) => provider.chatModel(id), embedding: (id) => provider.embeddingModel(id) };
    }
    case "ANTHROPIC": {
      const provider = createAnthropic({ apiKey, baseURL, fetch });
      return { language: (id) => provider(id) };
    }
    case "GOOGLE": {
      const provider = createGoogleGenerativeAI({ apiKey, baseURL, fetch });
      return { language: (id) => provider(id), embedding: (id) => provider.embedding(id) };
    }
    case "MISTRAL": {
      const provider = createMistral({ apiKey, baseURL, fetch });
      return { language: (id) => provider(id), embedding: (id) => provider.embedding(id) };
    }
    case "OLLAMA": {
      // Ollama's native API lives under /api; users usually paste the server's root URL
      const root = baseURL ?? "http://127.0.0.1:11434";
      const provider = createOllama({ baseURL: root.endsWith("/api") ? root : `${root}/api`, fetch });
      return { language: (id) => provider(id), embedding: (id) => provider.embedding(id) };
    }
  }
}

function cachedModel<Model extends LanguageModel | EmbeddingModel>(key: string, build: () => Model): Model {
  let model = models.get(key) as Model | undefined;
  if (!model) {
    if (models.size >= MAX_CACHED_MODELS) models.delete(models.keys().next().value!);
    model = build();
    models.set(key, model);
  }
  return model;
}

export function createLanguageModel(credential: ProviderCredential, modelId: string): LanguageModel {
  return cachedModel(`${fingerprint(credential)}\u0000${modelId}`, () => buildFactory(credential).language(modelId));
}

/** Throws a readable error for providers that have no embedding models. */
export function createEmbeddingModel(credential: ProviderCredential, modelId: string): EmbeddingModel {
  return cachedModel(`${fingerprint(credential)}\u0000embedding\u0000${modelId}`, () => {
    const factory = buildFactory(credential).embedding;
    if (!factory) throw new Error(`${credential.kind} offers no embedding models; choose another provider for embeddings`);
    return factory(modelId);
  });
}
