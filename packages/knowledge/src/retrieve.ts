// Retrieval from a context store: PostgreSQL full-text search and, when the workspace has an
// embedding model, vector similarity; the two rankings are fused by reciprocal rank fusion, which
// needs no tuning between scores of different kinds.
import { searchChunksFullText, storeVersion, type ChunkHit, type Db } from "@switchyard/db";
import { AppError } from "@switchyard/errors";
import type { RetrievalRequest, RetrievalService, RetrievedChunk } from "@switchyard/engine";
import { embed } from "@switchyard/providers";
import type { EmbeddingTarget } from "./embedding";
import { searchByVector } from "./vector-index";

/** The constant from Cormack, Clarke and Büttcher (2009): damps the weight of the very top ranks. */
export const RRF_K = 60;

/** Fuses rankings: each chunk scores the sum of 1 / (RRF_K + rank) over the rankings it appears in. */
export function reciprocalRankFusion(rankings: ChunkHit[][], topK: number): ChunkHit[] {
  const fused = new Map<string, ChunkHit>();
  for (const ranking of rankings)
    ranking.forEach((hit, index) => {
      const score = 1 / (RRF_K + index + 1);
      const seen = fused.get(hit.id);
      fused.set(hit.id, seen ? { ...seen, score: seen.score + score } : { ...hit, score });
    });
  return [...fused.values()].sort((a, b) => b.score - a.score || a.id.localeCompare(b.id)).slice(0, topK);
}

const toRetrieved = ({ id, ...hit }: ChunkHit): RetrievedChunk => ({ chunkId: id, ...hit });

export interface RetrievalOptions {
  db: Db;
  workspaceId: string;
  /** The workspace's embedding model, or null when it has none (cached by the caller). */
  embedding: () => Promise<EmbeddingTarget | null>;
}

/**
 * Ranks a store's chunks for a query: full-text search and, when a query vector is coming, vector
 * search, run side by side and fused. `vector` is a promise so the caller's embedding request
 * overlaps the full-text search.
 */
export async function rankChunks(
  db: Db,
  input: {
    workspaceId: string;
    storeId: string;
    query: string;
    topK: number;
    mode: RetrievalRequest["mode"];
    vector: Promise<number[]> | null;
  },
): Promise<ChunkHit[]> {
  const { workspaceId, storeId, query, topK, mode, vector } = input;
  // a deeper candidate list per ranking lets fusion promote chunks both rankings like
  const candidates = vector && mode === "hybrid" ? Math.max(topK * 3, 20) : topK;
  const search = { workspaceId, storeId, limit: candidates };
  const version = storeVersion(db, workspaceId, storeId); // also: unknown outside the workspace
  const [, fullText, byVector] = await Promise.all([
    version,
    mode === "vector" ? null : searchChunksFullText(db, { ...search, query }),
    vector
      ? Promise.all([version, vector]).then(([current, values]) => searchByVector(db, { ...search, version: current, vector: values }))
      : null,
  ]);
  const rankings = [fullText, byVector].filter((ranking): ranking is ChunkHit[] => ranking !== null);
  return rankings.length === 1 ? rankings[0]!.slice(0, topK) : reciprocalRankFusion(rankings, topK);
}

export function createRetrievalService({ db, workspaceId, embedding }: RetrievalOptions): RetrievalService {
  return {
    async retrieve({ storeId, query, topK, mode }: RetrievalRequest, { signal }) {
      const target = mode === "fulltext" ? null : await embedding();
      if (mode === "vector" && !target)
        throw new AppError("BAD_REQUEST", "Vector search needs an embedding model: choose one in Settings → Embeddings");
      const vector = target ? embed({ ...target, values: [query], signal }).then(({ vectors: [values] }) => values!) : null;
      const hits = await rankChunks(db, { workspaceId, storeId, query, topK, mode, vector });
      return hits.map(toRetrieved);
    },
  };
}
