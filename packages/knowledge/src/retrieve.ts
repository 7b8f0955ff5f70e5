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

export function createRetrievalService({ db, workspaceId, embedding }: RetrievalOptions): RetrievalService {
  return {
    async retrieve({ storeId, query, topK, mode }: RetrievalRequest, { signal }) {
      const target = mode === "fulltext" ? null : await embedding();
      if (mode === "vector" && !target)
        throw new AppError("BAD_REQUEST", "Vector search needs an embedding model: choose one in Settings → Embeddings");
      // a deeper candidate list per ranking lets fusion promote chunks both rankings like
      const candidates = target && mode === "hybrid" ? Math.max(topK * 3, 20) : topK;
      const search = { workspaceId, storeId, limit: candidates };
      const version = storeVersion(db, workspaceId, storeId); // also: unknown outside the workspace
      const [, fullText, byVector] = await Promise.all([
        version,
        mode === "vector" ? null : searchChunksFullText(db, { ...search, query }),
        target
          ? Promise.all([version, embed({ ...target, values: [query], signal })]).then(
              ([
                current,
                {
                  vectors: [vector],
                },
              ]) => searchByVector(db, { ...search, version: current, vector: vector! }),
            )
          : null,
      ]);
      const rankings = [fullText, byVector].filter((ranking): ranking is ChunkHit[] => ranking !== null);
      const hits = rankings.length === 1 ? rankings[0]!.slice(0, topK) : reciprocalRankFusion(rankings, topK);
      return hits.map(toRetrieved);
    },
  };
}
