// Hosts context-store ingestion on its own BullMQ queue, beside the run queue. Documents are parsed
// and embedded with a small concurrency: parsing a PDF is CPU work that would delay runs.
import { setDocumentState, type Db } from "@switchyard/db";
import { ingestDocument } from "@switchyard/knowledge";
import { bullPrefix, INGEST_QUEUE, ingestJobSchema, type IngestJob } from "@switchyard/queue";
import { Worker, type ConnectionOptions } from "bullmq";

export function startIngestionWorker(options: { db: Db; masterSecret: string; connection: ConnectionOptions; concurrency?: number }) {
  const worker = new Worker<IngestJob>(
    INGEST_QUEUE,
    (job) => ingestDocument({ db: options.db, masterSecret: options.masterSecret }, ingestJobSchema.parse(job.data)),
    { connection: options.connection, prefix: bullPrefix(), concurrency: options.concurrency ?? 2 },
  );
  worker.on("error", (error) => console.error("ingestion worker:", error.message));
  // a job the queue gave up on must not leave its document "processing" forever
  worker.on("failed", (job, error) => {
    if (job && job.attemptsMade >= (job.opts.attempts ?? 1))
      void setDocumentState(options.db, job.data.documentId, {
        status: "FAILED",
        progress: 0,
        error: `The document could not be processed: ${error.message}`,
      }).catch(() => undefined);
  });
  return worker;
}
