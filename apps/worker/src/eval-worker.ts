// The eval worker: eval jobs (chunks of item × variant × repeat pairs) run through the same runner as
// every run, limited per provider credential by a Redis semaphore shared by all workers. Model calls are answered from the
// eval response cache where the eval run allows it; expired cache entries are swept every hour.
import { ResponseCacheStore, sweepExpiredResponses, type Db, type EvalResultWriter, type RunWriter } from "@switchyard/db";
import type { CachedResponse } from "@switchyard/providers";
import { runSandboxed } from "@switchyard/sandbox";
import { bullPrefix, EVAL_PAIRS_PER_JOB, EVAL_QUEUE, evalJobSchema, RedisSemaphore, type EvalJobData } from "@switchyard/queue";
import { createEvalProcessor, type EvalJobOutcome, type Runner } from "@switchyard/runner";
import { Worker, type ConnectionOptions } from "bullmq";
import type { RedisClient, RedisSubscriber } from "@switchyard/queue";

export function startEvalWorker(options: {
  db: Db;
  redis: RedisClient;
  bull: ConnectionOptions;
  runner: Runner;
  results: EvalResultWriter;
  /** The runner's trace writer (a pair's trace and result are written together). */
  runs: RunWriter;
  /** Pairs in flight in this process (EVAL_WORKER_CONCURRENCY). */
  concurrency: number;
  lockMs: number;
  /** A pub/sub connection on which the provider semaphore hears of slots other workers give back. */
  subscriber?: RedisSubscriber;
  /** How long a cached model answer is reused (EVAL_CACHE_TTL_DAYS, default 30). */
  cacheTtlDays?: number;
}) {
  const processor = createEvalProcessor({
    db: options.db,
    redis: options.redis,
    runner: options.runner,
    results: options.results,
    runs: options.runs,
    // a crashed worker's provider slots free themselves as quickly as its jobs are taken over. A slot
    // another worker gives back wakes a waiter here at once; polling is then only the fallback (a lost
    // announcement, a crashed holder's lease running out), once a second rather than every 100 ms, so
    // pairs waiting for slots this worker hands on among its own callers do not keep asking Redis
    semaphore: new RedisSemaphore(options.redis, options.lockMs, options.subscriber ? 1_000 : 100, options.subscriber),
    // JavaScript assertions run in the same sandbox as the code nodes, one second each
    assert: (code, input) => runSandboxed(code, input, { timeoutMs: 1_000 }),
    responses: new ResponseCacheStore<CachedResponse>(options.db, options.cacheTtlDays),
    pairsInFlight: options.concurrency,
  });
  const worker = new Worker<EvalJobData, EvalJobOutcome>(
    EVAL_QUEUE,
    (job) => processor.process(evalJobSchema.parse(job.data), { retried: job.attemptsStarted > 1 || job.attemptsMade > 0 }),
    {
      connection: options.bull,
      prefix: bullPrefix(),
      // twice as many pairs taken from the queue as run at once: a pair that finishes is replaced at
      // once from a job already here, not after a round trip to the queue
      concurrency: Math.max(2, Math.ceil((2 * options.concurrency) / EVAL_PAIRS_PER_JOB)),
      lockDuration: options.lockMs,
      stalledInterval: options.lockMs,
    },
  );
  worker.on("failed", (job, error) => {
    if (!job || job.attemptsMade < (job.opts.attempts ?? 1)) return;
    processor
      .recordFailure(evalJobSchema.parse(job.data), `The pair could not be run: ${error.message}`)
      .catch((failure: unknown) => console.error("eval worker: could not record a failed pair:", (failure as Error).message));
  });
  worker.on("error", (error) => console.error("eval worker:", error.message));
  // every worker sweeps; two sweeping at once only find less to delete
  const sweep = setInterval(() => {
    sweepExpiredResponses(options.db).catch((error: unknown) =>
      console.error("eval response cache sweep failed:", (error as Error).message),
    );
  }, 3_600_000);
  sweep.unref();
  worker.on("closed", () => clearInterval(sweep));
  return worker;
}
