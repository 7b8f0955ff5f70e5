// Chunks of context-store documents: written once per ingestion, searched on every retrieval. The
// searches are plain SQL on the pool (they sit on the hot path of a run, see run-target.ts).
import { notFound } from "@switchyard/errors";
import { dbPool, type Db } from "./client";

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

/** Replaces a document's chunks in one transaction, so a retrieval never sees half of a re-ingestion. */
export async function replaceChunks(db: Db, storeId: string, documentId: string, chunks: ChunkInput[]) {
  await db.$transaction([
    db.chunk.deleteMany({ where: { documentId } }),
    db.chunk.createMany({ data: chunks.map((chunk) => ({ ...chunk, storeId, documentId })) }),
  ]);
}

export async function assertStoreInWorkspace(db: Db, workspaceId: string, storeId: string) {
  const { rowCount } = await dbPool(db).query(`SELECT 1 FROM "ContextStore" WHERE id = $1 AND "workspaceId" = $2`, [storeId, workspaceId]);
  if (!rowCount) throw notFound("Context store");
}

const hitColumns = `c.id, c."documentId", d.name AS "documentName", c.position, c.heading, c.content`;
const scopedChunks = `"Chunk" c
  JOIN "ContextStore" s ON s.id = c."storeId" AND s."workspaceId" = $2
  JOIN "Document" d ON d.id = c."documentId"`;

// Any of the query's words may match (an AND of every word of a question finds too little);
// ts_rank_cd then puts chunks that match more of them, closer together, first.
const fullTextQuery = `
SELECT ${hitColumns}, ts_rank_cd(c.search, q.query)::float8 AS score
  FROM ${scopedChunks},
       (SELECT replace(plainto_tsquery('english', $3)::text, ' & ', ' | ')::tsquery AS query) q
 WHERE c."storeId" = $1 AND c.search @@ q.query
 ORDER BY score DESC, c.id
 LIMIT $4`;

export async function searchChunksFullText(
  db: Db,
  input: { workspaceId: string; storeId: string; query: string; limit: number },
): Promise<ChunkHit[]> {
  const { rows } = await dbPool(db).query<ChunkHit>(fullTextQuery, [input.storeId, input.workspaceId, input.query, input.limit]);
  return rows;
}

// Without pgvector the dot product is computed in SQL over every chunk of the store (a scan; fine for
// tens of thousands of chunks). With pgvector installed the same scan runs in its C operator.
const vectorQuery = (score: string) => `
SELECT ${hitColumns}, ${score} AS score
  FROM ${scopedChunks}
 WHERE c."storeId" = $1 AND cardinality(c.embedding) = cardinality($3::real[])
 ORDER BY score DESC, c.id
 LIMIT $4`;
const plainScore = `(SELECT sum(a * b) FROM unnest(c.embedding, $3::real[]) AS v(a, b))::float8`;
const pgvectorScore = `(-(c.embedding::vector <#> $3::real[]::vector))::float8`;

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

export async function searchChunksByVector(
  db: Db,
  input: { workspaceId: string; storeId: string; vector: number[]; limit: number },
): Promise<ChunkHit[]> {
  const sql = vectorQuery((await pgvectorAvailable(db)) ? pgvectorScore : plainScore);
  const { rows } = await dbPool(db).query<ChunkHit>(sql, [input.storeId, input.workspaceId, input.vector, input.limit]);
  return rows;
}
