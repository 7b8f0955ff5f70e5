// The eval worker: eval jobs (item × variant) run through the same runner as every run, limited per
// provider credential by a Redis semaphore shared by all workers.
import type { Db, EvalResultWriter } from "@switchyard/db";
import { runSandboxed } from "@switchyard/sandbox";
import { bullPrefix, EVAL_QUEUE, evalJobSchema, RedisSemaphore, type EvalJob } from "@switchyard/queue";
import { createEvalProcessor, type EvalJobOutcome, type Runner } from "@switchyard/runner";
import { Worker, type ConnectionOptions } from "bullmq";
import type { Redis } from "ioredis";

export function startEvalWorker(options: {
  db: Db;
  redis: Redis;
  bull: ConnectionOptions;
  runner: Runner;
  results: EvalResultWriter;
  concurrency: number;
  lockMs: number;
}) {
  const processor = createEvalProcessor({
    db: options.db,
    redis: options.redis,
    runner: options.runner,
    results: options.results,
    // a crashed worker's provider slots free themselves as quickly as its jobs are taken over
    semaphore: new RedisSemaphore(options.redis, options.lockMs),
    // JavaScript assertions run in the same sandbox as the code nodes, one second each
    assert: (code, input) => runSandboxed(code, input, { timeoutMs: 1_000 }),
  });
  const worker = new Worker<EvalJob, EvalJobOutcome>(EVAL_QUEUE, (job) => processor.process(evalJobSchema.parse(job.data)), {
    connection: options.bull,
    prefix: bullPrefix(),
    concurrency: options.concurrency,
    lockDuration: options.lockMs,
    stalledInterval: options.lockMs,
  });
  worker.on("failed", (job, error) => {
    if (!job || job.attemptsMade < (job.opts.attempts ?? 1)) return;
    processor
      .recordFailure(evalJobSchema.parse(job.data), `The pair could not be run: ${error.message}`)
      .catch((failure: unknown) => console.error("eval worker: could not record a failed pair:", (failure as Error).message));
  });
  worker.on("error", (error) => console.error("eval worker:", error.message));
  return worker;
}
