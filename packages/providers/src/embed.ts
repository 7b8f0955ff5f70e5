// Embeddings for context stores: the workspace's embedding model turns chunks and queries into
// vectors. Vectors come back at unit length, so a dot product is their cosine similarity.
import { embedMany } from "ai";
import { createEmbeddingModel, type ProviderCredential } from "./language-model";

export interface EmbedRequest {
  credential: ProviderCredential;
  model: string;
  values: string[];
  signal?: AbortSignal;
  maxRetries?: number;
}

export interface Embedded {
  vectors: number[][];
  /** Input tokens the provider counted (0 when it does not say), for costing. */
  tokens: number;
}

export async function embed({ credential, model, values, signal, maxRetries = 2 }: EmbedRequest): Promise<Embedded> {
  if (!values.length) return { vectors: [], tokens: 0 };
  const { embeddings, usage } = await embedMany({
    model: createEmbeddingModel(credential, model),
    values,
    abortSignal: signal,
    maxRetries,
  });
  return { vectors: embeddings.map(normalise), tokens: usage?.tokens ?? 0 };
}

function normalise(vector: number[]): number[] {
  const length = Math.hypot(...vector);
  return length === 0 ? vector : vector.map((value) => value / length);
}
