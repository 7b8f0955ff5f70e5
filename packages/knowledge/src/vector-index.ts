// Vector similarity without pgvector: each process keeps a store's vectors in memory as one
// Float32Array and scans it per query (100,000 × 64 dimensions is a few ms of arithmetic). The
// store's version (its updatedAt, bumped whenever its chunks change) says when to reload.
// Memory: 4 bytes per dimension per chunk; at most MAX_CACHED_FLOATS in all, oldest store dropped first.
import { pgvectorAvailable, readChunkHits, readStoreVectors, searchChunksWithPgvector, type ChunkHit, type Db } from "@switchyard/db";

export const MAX_CACHED_FLOATS = 50_000_000; // 200 MB

interface StoreVectors {
  version: number;
  ids: string[];
  dimensions: number;
  matrix: Float32Array;
}

const cache = new Map<string, Promise<StoreVectors>>();
// sizes of the loaded entries, oldest first
const sizes = new Map<string, number>();

async function loadVectors(db: Db, storeId: string, version: number, dimensions: number): Promise<StoreVectors> {
  const rows = await readStoreVectors(db, storeId, dimensions);
  const matrix = new Float32Array(rows.length * dimensions);
  rows.forEach((row, index) => matrix.set(row.embedding, index * dimensions));
  return { version, ids: rows.map((row) => row.id), dimensions, matrix };
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
    sizes.set(key, vectors.matrix.length);
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

/** The `limit` rows with the highest dot product with `query` (vectors are unit length: cosine). */
export function topByDotProduct({ ids, dimensions, matrix }: StoreVectors, query: number[], limit: number) {
  const best: { id: string; score: number }[] = [];
  for (let row = 0; row < ids.length; row++) {
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

export async function searchByVector(
  db: Db,
  input: { workspaceId: string; storeId: string; version: number; vector: number[]; limit: number },
): Promise<ChunkHit[]> {
  if (await pgvectorAvailable(db)) return searchChunksWithPgvector(db, input);
  const vectors = await storeVectors(db, input.storeId, input.version, input.vector.length);
  return readChunkHits(db, input.workspaceId, topByDotProduct(vectors, input.vector, input.limit));
}
