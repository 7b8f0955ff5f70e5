// What a node sees of context stores: a search that returns chunks with where they came from, so a
// reply can cite them. The worker supplies the implementation (PostgreSQL full-text and vectors).

export type RetrievalMode = "hybrid" | "fulltext" | "vector";

export interface RetrievalRequest {
  storeId: string;
  query: string;
  topK: number;
  /** hybrid: full-text and, when the workspace has an embedding model, vectors, fused by rank. */
  mode: RetrievalMode;
}

export interface RetrievedChunk {
  chunkId: string;
  documentId: string;
  documentName: string;
  /** The chunk's place in its document, from 0. */
  position: number;
  heading: string | null;
  content: string;
  score: number;
}

export interface RetrievalService {
  /** Throws "Context store not found" for a store id that is not in the run's workspace. */
  retrieve(request: RetrievalRequest, options: { signal: AbortSignal }): Promise<RetrievedChunk[]>;
}
