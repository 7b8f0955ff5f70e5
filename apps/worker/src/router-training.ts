// Hosts router training on its own BullMQ queue. One job at a time per process: the learning itself
// runs in a worker thread (so runs keep flowing), and two at once would only share the same cores.
import { finishLearnedRouter, type Db } from "@switchyard/db";
import { bullPrefix, ROUTER_TRAINING_QUEUE, routerTrainingJobSchema, type RouterTrainingJob } from "@switchyard/queue";
import { trainLearnedRouter } from "@switchyard/runner";
import { Worker, type ConnectionOptions } from "bullmq";

export function startRouterTrainingWorker(options: { db: Db; masterSecret: string; connection: ConnectionOptions }) {
  const worker = new Worker<RouterTrainingJob>(
    ROUTER_TRAINING_QUEUE,
    (job) => trainLearnedRouter(options.db, routerTrainingJobSchema.parse(job.data), { masterSecret: options.masterSecret }),
    { connection: options.connection, prefix: bullPrefix(), concurrency: 1 },
  );
  worker.on("error", (error) => console.error("router training worker:", error.message));
  // a job the queue gave up on must not leave its router "training" forever
  worker.on("failed", (job, error) => {
    if (job && job.attemptsMade >= (job.opts.attempts ?? 1))
      void finishLearnedRouter(options.db, job.data.routerId, {
        status: "FAILED",
        error: `The router could not be trained: ${error.message}`,
      }).catch(() => undefined);
  });
  return worker;
}
