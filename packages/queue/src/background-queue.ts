// Queues of background work (document ingestion, router training): a job that fails on infrastructure
// is retried three times with backoff; bad input is the job's own result (a FAILED row), not a retry.
import { Queue, type ConnectionOptions } from "bullmq";
import { bullPrefix } from "./redis";

export function createBackgroundQueue<Job>(name: string, connection: ConnectionOptions) {
  return new Queue<Job>(name, {
    connection,
    prefix: bullPrefix(),
    defaultJobOptions: {
      attempts: 3,
      backoff: { type: "exponential", delay: 1_000 },
      removeOnComplete: true,
      removeOnFail: { age: 24 * 3600 },
    },
  });
}
