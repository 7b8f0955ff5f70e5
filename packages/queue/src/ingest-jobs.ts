// The ingestion queue contract: the web app enqueues one job per uploaded document, workers parse,
// chunk and embed it (packages/knowledge).
import type { Queue, ConnectionOptions } from "bullmq";
import { z } from "zod";
import { createBackgroundQueue } from "./background-queue";

export const INGEST_QUEUE = "ingest";

export const ingestJobSchema = z.object({ workspaceId: z.string(), documentId: z.string() });

export type IngestJob = z.infer<typeof ingestJobSchema>;

export function createIngestQueue(connection: ConnectionOptions) {
  return createBackgroundQueue<IngestJob>(INGEST_QUEUE, connection);
}

export async function enqueueIngestion(queue: Queue<IngestJob>, job: IngestJob): Promise<void> {
  await queue.add("ingest", job);
}
