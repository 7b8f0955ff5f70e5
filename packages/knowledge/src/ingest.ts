// Ingests one uploaded document in a worker: parse, chunk, embed (when the workspace has an
// embedding model), then swap its chunks in. Progress is written to the document row, which the UI
// polls. A bad file or a failing embedding provider fails that document with a message, never the
// store; database or Redis trouble throws so the queue retries the job.
import { readDocumentForIngestion, replaceChunks, setDocumentState, type ChunkInput, type Db } from "@switchyard/db";
import { isAppError } from "@switchyard/errors";
import { embed } from "@switchyard/providers";
import { chunkText } from "./chunk";
import { embeddingText, loadEmbeddingTarget } from "./embedding";
import { documentFormat } from "./formats";
import { parseDocument, ParseError } from "./parse";

export interface IngestionOptions {
  db: Db;
  masterSecret: string;
  /** Chunks per embedding request. */
  embeddingBatch?: number;
}

export type IngestionOutcome = { status: "READY"; chunkCount: number } | { status: "FAILED"; error: string } | { status: "GONE" };

export async function ingestDocument(
  options: IngestionOptions,
  job: { workspaceId: string; documentId: string },
  signal?: AbortSignal,
): Promise<IngestionOutcome> {
  const { db } = options;
  let document;
  try {
    document = await readDocumentForIngestion(db, job.workspaceId, job.documentId);
  } catch (error) {
    if (isAppError(error) && error.code === "NOT_FOUND") return { status: "GONE" }; // deleted before its turn
    throw error;
  }
  const progress = (value: number) => setDocumentState(db, document.id, { status: "PROCESSING", progress: Math.round(value), error: null });
  const fail = async (error: string) => {
    await setDocumentState(db, document.id, { status: "FAILED", progress: 0, error });
    return { status: "FAILED", error } as const;
  };
  await progress(5);

  const format = documentFormat(document.name);
  if (!format) return fail("This file type is not supported");
  let text: string;
  try {
    text = await parseDocument(format, document.content ?? new Uint8Array());
  } catch (error) {
    if (error instanceof ParseError) return fail(error.message);
    return fail(`The file could not be read: ${(error as Error).message}`);
  }
  const chunks = chunkText(text, { size: document.store.chunkSize, overlap: document.store.chunkOverlap });
  await progress(30);

  const rows: ChunkInput[] = chunks.map((chunk, position) => ({ ...chunk, position, embedding: [] }));
  const target = await loadEmbeddingTarget(db, job.workspaceId, options.masterSecret).catch((error: unknown) => {
    if (isAppError(error) && error.code === "NOT_FOUND") return "missing" as const;
    throw error;
  });
  if (target === "missing") return fail("The embedding model's provider credential was deleted; choose another in Settings");
  if (target) {
    const batch = options.embeddingBatch ?? 64;
    for (let start = 0; start < rows.length; start += batch) {
      const slice = rows.slice(start, start + batch);
      try {
        const { vectors } = await embed({ ...target, values: slice.map(embeddingText), signal });
        slice.forEach((row, index) => (row.embedding = vectors[index]!));
      } catch (error) {
        return fail(`The embedding model failed: ${(error as Error).message}`);
      }
      await progress(30 + (60 * Math.min(rows.length, start + batch)) / rows.length);
    }
  }

  await replaceChunks(db, document.storeId, document.id, rows);
  await setDocumentState(db, document.id, { status: "READY", progress: 100, error: null, chunkCount: rows.length });
  return { status: "READY", chunkCount: rows.length };
}
