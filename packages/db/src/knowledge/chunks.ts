// Chunks of context-store documents: written once per ingestion, searched on every retrieval. The
// searches are plain SQL on the pool (they sit on the hot path of a run, see run-target.ts).
import { randomUUID } from "node:crypto";
import { endianness } from "node:os";
import { notFound } from "@switchyard/errors";
import { dbPool, type Db } from "../client";

export interface ChunkInput {
  position: number;
  content: string;
  tokenCount: number;
  heading: string | null;
  /** Unit length, or empty when the workspace has no embedding model. */
  embedding: number[];
}

export interface ChunkHit {
  id: string;
  documentId: string;
  documentName: string;
  position: number;
  heading: string | null;
  content: string;
  score: number;
}

const INSERT_BATCH = 1_000;

const insertChunks = `
INSERT INTO "Chunk" ("id", "storeId", "documentId", "position", "content", "tokenCount", "heading", "embedding", "vector")
SELECT t.id, $1, $2, t.position, t.content, t.tokens, t.heading, t.embedding::real[], t.vector
  FROM unnest($3::text[], $4::int[], $5::text[], $6::int[], $7::text[], $8::text[], $9::bytea[])
    AS t(id, position, content, tokens, heading, embedding, vector)`;

// Vectors travel as the machine's own float32 bytes: little-endian on every platform Node.js runs on here.
if (endianness() !== "LE") throw new Error("packed vectors are little-endian float32; this machine is big-endian");

/** A vector as packed little-endian float32, or null when there is none. */
const packVector = (embedding: number[]) => (embedding.length ? Buffer.from(Float32Array.from(embedding).buffer) : null);

/**
 * Replaces a document's chunks in one transaction, so a retrieval never sees half of a re-ingestion.
 * Plain SQL in batches: a document of thousands of chunks outlasts Prisma's transaction timeout.
 */
export async function replaceChunks(db: Db, storeId: string, documentId: string, chunks: ChunkInput[]) {
  const client = await dbPool(db).connect();
  try {
    await client.query("BEGIN");
    await client.query(`DELETE FROM "Chunk" WHERE "documentId" = $1`, [documentId]);
    for (let start = 0; start < chunks.length; start += INSERT_BATCH) {
      const batch = chunks.slice(start, start + INSERT_BATCH);
      await client.query(insertChunks, [
        storeId,
        documentId,
        batch.map(() => randomUUID()),
        batch.map((chunk) => chunk.position),
        batch.map((chunk) => chunk.content),
        batch.map((chunk) => chunk.tokenCount),
        batch.map((chunk) => chunk.heading),
        batch.map((chunk) => `{${chunk.embedding.join(",")}}`),
        batch.map((chunk) => packVector(chunk.embedding)),
      ]);
    }
    // the store's version: processes caching its vectors reload them
    await client.query(`UPDATE "ContextStore" SET "updatedAt" = CURRENT_TIMESTAMP WHERE id = $1`, [storeId]);
    await client.query("COMMIT");
  } catch (error) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

/** The store's version (its last change, in ms); "Context store not found" outside the workspace. */
export async function storeVersion(db: Db, workspaceId: string, storeId: string): Promise<number> {
  const { rows } = await dbPool(db).query<{ version: Date }>(
    `SELECT "updatedAt" AS version FROM "ContextStore" WHERE id = $1 AND "workspaceId" = $2`,
    [storeId, workspaceId],
  );
  if (!rows[0]) throw notFound("Context store");
  return rows[0].version.getTime();
}

/** Rows fetched per round trip while loading a store's vectors (about 12 MB of hex at 1,536 dimensions). */
const VECTOR_PAGE = 1_024;

/**
 * Every vector of a store with the given dimension, packed row after row into one Float32Array, for
 * an in-memory index. Read through a cursor from the packed `vector` column: each row's bytes are
 * copied into place as they are (no per-float work), and `octet_length` of a value stored out of line
 * uncompressed is read from its pointer, so neither the count nor the filter reads the vectors. In
 * table order: sorting rows this wide by id took PostgreSQL longer than reading them.
 */
export async function readStoreVectors(db: Db, storeId: string, dimensions: number): Promise<{ ids: string[]; matrix: Float32Array }> {
  const client = await dbPool(db).connect();
  const bytesPerVector = dimensions * Float32Array.BYTES_PER_ELEMENT;
  try {
    await client.query("BEGIN READ ONLY");
    const { rows: counted } = await client.query<{ rows: number }>(
      `SELECT count(*)::int AS rows FROM "Chunk" WHERE "storeId" = $1 AND octet_length("vector") = $2`,
      [storeId, bytesPerVector],
    );
    await client.query(
      `DECLARE store_vectors NO SCROLL CURSOR FOR
         SELECT id, "vector" FROM "Chunk" WHERE "storeId" = $1 AND octet_length("vector") = $2`,
      [storeId, bytesPerVector],
    );
    const ids: string[] = [];
    // in one READ ONLY transaction the count and the cursor see the same rows
    const matrix = new Float32Array(counted[0]!.rows * dimensions);
    const bytes = new Uint8Array(matrix.buffer);
    for (;;) {
      const { rows } = await client.query<{ id: string; vector: Buffer }>(`FETCH ${VECTOR_PAGE} FROM store_vectors`);
      for (const row of rows) {
        bytes.set(row.vector, ids.length * bytesPerVector);
        ids.push(row.id);
      }
      if (rows.length < VECTOR_PAGE) break;
    }
    await client.query("COMMIT");
    return { ids, matrix };
  } catch (error) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

/** The chunks behind scored ids, in the order given, with those scores. */
export async function readChunkHits(db: Db, workspaceId: string, scored: { id: string; score: number }[]): Promise<ChunkHit[]> {
  if (!scored.length) return [];
  const { rows } = await dbPool(db).query<Omit<ChunkHit, "score">>(
    `SELECT ${hitColumns} FROM ${scopedChunks} WHERE c.id = ANY($1::text[])`,
    [scored.map((item) => item.id), workspaceId],
  );
  const byId = new Map(rows.map((row) => [row.id, row]));
  return scored.flatMap(({ id, score }) => {
    const row = byId.get(id);
    return row ? [{ ...row, score }] : [];
  });
}

const hitColumns = `c.id, c."documentId", d.name AS "documentName", c.position, c.heading, c.content`;
const scopedChunks = `"Chunk" c
  JOIN "ContextStore" s ON s.id = c."storeId" AND s."workspaceId" = $2
  JOIN "Document" d ON d.id = c."documentId"`;

/**
 * How many matching chunks are ranked at most. Ranking reads every candidate's tsvector, so a query
 * of common words (tens of thousands of matches in a large store) would cost hundreds of ms; past
 * this many, the first found are ranked and the rest ignored.
 */
export const FULL_TEXT_CANDIDATES = 500;

// First the chunks that hold every word of the query; only when they are fewer than asked, those
// that hold any of them (an AND of every word of a question often finds nothing). The second
// branch of the UNION ALL is never executed when the first fills the limit.
const fullTextQuery = `
WITH q AS (
  SELECT plainto_tsquery('english', $3) AS every_word,
         nullif(replace(plainto_tsquery('english', $3)::text, ' & ', ' | '), '')::tsquery AS any_word
), ranked AS (
  (SELECT id, score FROM (
     SELECT c.id, ts_rank_cd(c.search, q.every_word)::float8 + 1 AS score
       FROM q, LATERAL (SELECT id, search FROM "Chunk" WHERE "storeId" = $1 AND search @@ q.every_word LIMIT $5) c
      ORDER BY score DESC, c.id LIMIT $4) every_word)
  UNION ALL
  (SELECT id, score FROM (
     SELECT c.id, ts_rank_cd(c.search, q.any_word)::float8 AS score
       FROM q, LATERAL (SELECT id, search FROM "Chunk"
                         WHERE "storeId" = $1 AND search @@ q.any_word AND NOT search @@ q.every_word LIMIT $5) c
      ORDER BY score DESC, c.id LIMIT $4) any_word)
  LIMIT $4
)
SELECT ${hitColumns}, r.score
  FROM ranked r JOIN ${scopedChunks} ON c.id = r.id
 ORDER BY r.score DESC, c.id`;

export async function searchChunksFullText(
  db: Db,
  input: { workspaceId: string; storeId: string; query: string; limit: number },
): Promise<ChunkHit[]> {
  const { rows } = await dbPool(db).query<ChunkHit>(fullTextQuery, [
    input.storeId,
    input.workspaceId,
    input.query,
    input.limit,
    FULL_TEXT_CANDIDATES,
  ]);
  return rows;
}

// With pgvector installed, similarity is its inner-product operator over the store's chunks (a scan
// in C). Without it, packages/knowledge keeps the store's vectors in memory instead.
const vectorQuery = `
SELECT ${hitColumns}, (-(c.embedding::vector <#> $3::real[]::vector))::float8 AS score
  FROM ${scopedChunks}
 WHERE c."storeId" = $1 AND cardinality(c.embedding) = cardinality($3::real[])
 ORDER BY score DESC, c.id
 LIMIT $4`;

const hasPgvector = new WeakMap<Db, Promise<boolean>>();

export function pgvectorAvailable(db: Db): Promise<boolean> {
  let known = hasPgvector.get(db);
  if (!known) {
    known = dbPool(db)
      .query(`SELECT 1 FROM pg_extension WHERE extname = 'vector'`)
      .then((result) => (result.rowCount ?? 0) > 0);
    hasPgvector.set(db, known);
  }
  return known;
}

export async function searchChunksWithPgvector(
  db: Db,
  input: { workspaceId: string; storeId: string; vector: number[]; limit: number },
): Promise<ChunkHit[]> {
  const { rows } = await dbPool(db).query<ChunkHit>(vectorQuery, [input.storeId, input.workspaceId, input.vector, input.limit]);
  return rows;
}
