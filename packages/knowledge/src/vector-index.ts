// Vector similarity without pgvector: each process keeps a store's vectors in memory as one
// Float32Array. Small stores are scanned exactly per query; large ones also keep one bit per
// dimension (binary-codes.ts), rank every row by Hamming distance and re-score only the nearest
// RERANK_CANDIDATES exactly. The store's version (its updatedAt, bumped whenever its chunks change)
// says when to reload. Memory: 4 bytes per dimension per chunk, plus one bit per dimension per chunk
// for large stores; at most MAX_CACHED_FLOATS (4-byte units) in all, oldest store dropped first.
import { pgvectorAvailable, readChunkHits, readStoreVectors, searchChunksWithPgvector, type ChunkHit, type Db } from "@switchyard/db";
import { buildBinaryCodes, nearestCodes, type BinaryCodes } from "./binary-codes";

export const MAX_CACHED_FLOATS = 50_000_000; // 200 MB

// Below these an exact scan is cheap, and sign bits of few dimensions rank too coarsely to be worth it.
export const APPROXIMATE_FROM_ROWS = 10_000;
export const APPROXIMATE_FROM_DIMENSIONS = 256;
/** Rows re-scored exactly after the Hamming pass (at least; more when a query asks for many). */
export const RERANK_CANDIDATES = 1_000;

export interface StoreVectors {
  version: number;
  ids: string[];
  dimensions: number;
  matrix: Float32Array;
  /** Present when the store is large enough for the approximate path. */
  codes?: BinaryCodes;
}

/** A store's vectors ready for search: with binary codes when it is large enough. */
export function indexVectors(version: number, ids: string[], dimensions: number, matrix: Float32Array): StoreVectors {
  const approximate = ids.length >= APPROXIMATE_FROM_ROWS && dimensions >= APPROXIMATE_FROM_DIMENSIONS;
  return { version, ids, dimensions, matrix, codes: approximate ? buildBinaryCodes(matrix, ids.length, dimensions) : undefined };
}

const cache = new Map<string, Promise<StoreVectors>>();
// sizes of the loaded entries, oldest first
const sizes = new Map<string, number>();

async function loadVectors(db: Db, storeId: string, version: number, dimensions: number): Promise<StoreVectors> {
  const { ids, matrix } = await readStoreVectors(db, storeId, dimensions);
  return indexVectors(version, ids, dimensions, matrix);
}

function forget(key: string) {
  cache.delete(key);
  sizes.delete(key);
}

async function storeVectors(db: Db, storeId: string, version: number, dimensions: number): Promise<StoreVectors> {
  const key = `${storeId}\u0000${dimensions}`;
  const cached = cache.get(key);
  if (cached) {
    const vectors = await cached;
    if (vectors.version >= version) return vectors;
    if (cache.get(key) === cached) forget(key);
  }
  if (cache.has(key)) return storeVectors(db, storeId, version, dimensions); // another query is reloading it
  const loading = loadVectors(db, storeId, version, dimensions);
  cache.set(key, loading);
  try {
    const vectors = await loading;
    sizes.set(key, vectors.matrix.length + (vectors.codes?.codes.length ?? 0));
    let total = [...sizes.values()].reduce((sum, size) => sum + size, 0);
    for (const [oldest, size] of sizes) {
      if (total <= MAX_CACHED_FLOATS || oldest === key) break;
      forget(oldest);
      total -= size;
    }
    return vectors;
  } catch (error) {
    forget(key);
    throw error;
  }
}

/** The `limit` rows (of `rows`, or all) with the highest dot product with `query` (unit vectors: cosine). */
export function topByDotProduct({ ids, dimensions, matrix }: StoreVectors, query: ArrayLike<number>, limit: number, rows?: Int32Array) {
  const best: { id: string; score: number }[] = [];
  const count = rows ? rows.length : ids.length;
  for (let index = 0; index < count; index++) {
    const row = rows ? rows[index]! : index;
    let score = 0;
    const offset = row * dimensions;
    for (let d = 0; d < dimensions; d++) score += matrix[offset + d]! * query[d]!;
    if (best.length === limit && score <= best[limit - 1]!.score) continue;
    let at = best.length;
    while (at > 0 && best[at - 1]!.score < score) at--;
    best.splice(at, 0, { id: ids[row]!, score });
    if (best.length > limit) best.pop();
  }
  return best;
}

/** Exact scan for small stores; Hamming pass then exact re-scoring of the nearest rows for large ones. */
export function searchVectors(vectors: StoreVectors, vector: number[], limit: number) {
  const query = Float32Array.from(vector);
  if (!vectors.codes) return topByDotProduct(vectors, query, limit);
  const candidates = nearestCodes(vectors.codes, query, Math.max(RERANK_CANDIDATES, limit * 20));
  return topByDotProduct(vectors, query, limit, candidates);
}

export async function searchByVector(
  db: Db,
  input: { workspaceId: string; storeId: string; version: number; vector: number[]; limit: number },
): Promise<ChunkHit[]> {
  if (await pgvectorAvailable(db)) return searchChunksWithPgvector(db, input);
  const vectors = await storeVectors(db, input.storeId, input.version, input.vector.length);
  return readChunkHits(db, input.workspaceId, searchVectors(vectors, input.vector, input.limit));
}
