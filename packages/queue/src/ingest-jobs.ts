// The ingestion queue contract: the web app enqueues one job per uploaded document, workers parse,
// chunk and embed it (packages/knowledge).
import { Queue, type ConnectionOptions } from "bullmq";
import { z } from "zod";
import { bullPrefix } from "./redis";

export const INGEST_QUEUE = "ingest";

export const ingestJobSchema = z.object({ workspaceId: z.string(), documentId: z.string() });

export type IngestJob = z.infer<typeof ingestJobSchema>;

export function createIngestQueue(connection: ConnectionOptions) {
  return new Queue<IngestJob>(INGEST_QUEUE, {
    connection,
    prefix: bullPrefix(),
    defaultJobOptions: {
      // infrastructure failures are retried; a bad file is a result (the document's FAILED status)
      attempts: 3,
      backoff: { type: "exponential", delay: 1_000 },
      removeOnComplete: true,
      removeOnFail: { age: 24 * 3600 },
    },
  });
}

export async function enqueueIngestion(queue: Queue<IngestJob>, job: IngestJob): Promise<void> {
  await queue.add("ingest", job);
}
