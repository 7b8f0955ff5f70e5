// Hybrid search at embedding-model sizes through the platform's own path: the full-text store of
// 100,000 chunks gets a 1,536-dimension vector per chunk (synthetic clustered unit vectors, seeded:
// no embedding model is reachable here), then `rankChunks` (what the Retrieve node runs once the
// query is embedded) fuses PostgreSQL full-text search with the in-process vector index loaded from
// PostgreSQL. Reports the first query's load, the latency of the rest and recall@10 of the
// fused list against the same fusion with an exact vector scan.
import { readChunkHits, searchChunksFullText, storeVersion, type Db } from "@switchyard/db";
import { indexVectors, rankChunks, reciprocalRankFusion, topByDotProduct } from "@switchyard/knowledge";
import { clusteredVectors } from "../../test/fixtures/clustered-vectors";
import { round, summarize } from "../support/stats";

const UPDATE_BATCH = 500;

export async function measureHybridAtScale(options: {
  db: Db;
  workspaceId: string;
  storeId: string;
  dimensions: number;
  queryText: () => string;
  queries: number;
  topK?: number;
}) {
  const { db, workspaceId, storeId, dimensions, queryText, queries } = options;
  const topK = options.topK ?? 10;
  const rows = await db.$queryRawUnsafe<{ id: string }[]>(`SELECT id FROM "Chunk" WHERE "storeId" = $1 ORDER BY id`, storeId);
  const ids = rows.map((row) => row.id);
  const { matrix, query } = clusteredVectors(ids.length, dimensions, 1_000, 12);

  const seedStarted = performance.now();
  for (let start = 0; start < ids.length; start += UPDATE_BATCH) {
    const batch = ids.slice(start, start + UPDATE_BATCH);
    const rowsOf = batch.map((_, offset) => matrix.subarray((start + offset) * dimensions, (start + offset + 1) * dimensions));
    // both forms the writer stores (packages/db/src/knowledge/chunks.ts): real[], and packed float32 for loading
    await db.$executeRawUnsafe(
      `UPDATE "Chunk" SET embedding = t.embedding::real[], "vector" = decode(t.packed, 'hex')
         FROM unnest($1::text[], $2::text[], $3::text[]) AS t(id, embedding, packed) WHERE "Chunk".id = t.id`,
      batch,
      rowsOf.map((row) => `{${Array.from(row, (value) => value.toPrecision(7)).join(",")}}`),
      rowsOf.map((row) => Buffer.from(Float32Array.from(row, (value) => Number(value.toPrecision(7))).buffer).toString("hex")),
    );
  }
  await db.$executeRawUnsafe(`UPDATE "ContextStore" SET "updatedAt" = CURRENT_TIMESTAMP WHERE id = $1`, storeId);
  await db.$executeRawUnsafe(`VACUUM ANALYZE "Chunk"`);
  const seedSeconds = (performance.now() - seedStarted) / 1000;

  const rank = (text: string, vector: number[]) =>
    rankChunks(db, { workspaceId, storeId, query: text, topK, mode: "hybrid", vector: Promise.resolve(vector) });

  // the first query loads the store's vectors from PostgreSQL and builds the index
  const loadStarted = performance.now();
  await rank(queryText(), query());
  const firstQueryMs = performance.now() - loadStarted;

  // exact reference: the same fusion with an exact scan of the same vectors (read back in id order)
  const exact = indexVectors(await storeVersion(db, workspaceId, storeId), ids, dimensions, matrix);
  const latencies: number[] = [];
  let found = 0;
  let expected = 0;
  for (let index = 0; index < queries; index++) {
    const text = queryText();
    const vector = query();
    const started = performance.now();
    const hits = await rank(text, vector);
    latencies.push(performance.now() - started);
    if (index < 60) {
      const candidates = Math.max(topK * 3, 20);
      const fullText = await searchChunksFullText(db, { workspaceId, storeId, query: text, limit: candidates });
      const byVector = topByDotProduct(exact, Float32Array.from(vector), candidates);
      const truth = reciprocalRankFusion([fullText, await readChunkHits(db, workspaceId, byVector)], topK);
      const got = new Set(hits.map((hit) => hit.id));
      found += truth.filter((hit) => got.has(hit.id)).length;
      expected += truth.length;
    }
  }
  return {
    chunks: ids.length,
    dimensions,
    data: "synthetic: unit vectors around 1,000 random cluster centres (mulberry32 seed 12) on the full-text store's chunks; queries: the corpus's query texts with vectors drawn the same way",
    seedSeconds: round(seedSeconds, 1),
    firstQueryWithLoadMs: round(firstQueryMs, 0),
    retrievalMs: summarize(latencies),
    recallAt10VsExactFusion: round(found / expected, 4),
    recallQueries: 60,
  };
}
