export { chunkText, estimateTokens, type TextChunk, type ChunkOptions } from "./chunk";
export { parseDocument, ParseError } from "./parse";
export { documentFormat, mimeTypes, SUPPORTED_EXTENSIONS, type DocumentFormat } from "./formats";
export { ingestDocument, type IngestionOptions, type IngestionOutcome } from "./ingest";
export { createRetrievalService, rankChunks, reciprocalRankFusion, RRF_K, type RetrievalOptions } from "./retrieve";
export { loadEmbeddingTarget, type EmbeddingTarget } from "./embedding";
export { indexVectors, searchVectors, topByDotProduct, type StoreVectors } from "./vector-index";
