// The eval queue: one job per chunk of consecutive item × variant × repeat cells of an eval run (up to
// EVAL_PAIRS_PER_JOB), so a large run costs the queue a job per chunk rather than per cell; the worker
// runs a chunk's cells side by side. A job's id names its cells, so enqueueing the same chunk while it
// still waits is a no-op; a cell that is already done (its run was resumed while an older job for it
// still waited, or its job is retried) is skipped by the worker. Stop and resume are flags and re-enqueues.
import { createHash } from "node:crypto";
import { Queue, type ConnectionOptions } from "bullmq";
import type { RedisClient } from "./redis";
import { z } from "zod";
import { bullPrefix } from "./redis";

export const EVAL_QUEUE = "evals";

/** Cells per job: enough that the queue's own cost per cell is small, few enough to spread over workers. */
export const EVAL_PAIRS_PER_JOB = 32;

const evalPairSchema = z.object({
  datasetItemId: z.string(),
  variantKey: z.string(),
  /** 0-based run of the item × variant; jobs queued before repeats existed have none (0). */
  repeat: z.number().int().min(0).default(0),
});
export type EvalJobPair = z.infer<typeof evalPairSchema>;

/** A job's data; jobs queued before chunking name one cell in the job itself. */
export const evalJobSchema = z
  .object({
    evalRunId: z.string(),
    workspaceId: z.string(),
    pairs: z.array(evalPairSchema).min(1).optional(),
    datasetItemId: z.string().optional(),
    variantKey: z.string().optional(),
    repeat: z.number().int().min(0).default(0),
  })
  .refine((job) => job.pairs || (job.datasetItemId && job.variantKey), "An eval job names its cells")
  .transform(({ evalRunId, workspaceId, pairs, datasetItemId, variantKey, repeat }) => ({
    evalRunId,
    workspaceId,
    pairs: pairs ?? [{ datasetItemId: datasetItemId!, variantKey: variantKey!, repeat }],
  }));
export type EvalJob = z.output<typeof evalJobSchema>;
export type EvalJobData = z.input<typeof evalJobSchema>;

export function createEvalQueue(connection: ConnectionOptions) {
  return new Queue<EvalJobData>(EVAL_QUEUE, {
    connection,
    prefix: bullPrefix(),
    defaultJobOptions: {
      attempts: 3,
      backoff: { type: "exponential", delay: 500 },
      removeOnComplete: true,
      removeOnFail: { age: 24 * 3600 },
    },
  });
}

const cellKey = (pair: { datasetItemId: string; variantKey: string; repeat?: number }) =>
  `${pair.datasetItemId}/${pair.variantKey}/${pair.repeat ?? 0}`;

export async function enqueueEvalPairs(
  queue: Queue<EvalJobData>,
  evalRun: { id: string; workspaceId: string },
  pairs: { datasetItemId: string; variantKey: string; repeat?: number }[],
  pairsPerJob = EVAL_PAIRS_PER_JOB,
): Promise<void> {
  const jobs = [];
  for (let start = 0; start < pairs.length; start += pairsPerJob) {
    const chunk = pairs.slice(start, start + pairsPerJob).map((pair) => ({ ...pair, repeat: pair.repeat ?? 0 }));
    const cells = createHash("sha256").update(chunk.map(cellKey).join("\n")).digest("hex").slice(0, 24);
    jobs.push({
      name: "eval",
      data: { evalRunId: evalRun.id, workspaceId: evalRun.workspaceId, pairs: chunk },
      opts: { jobId: `${evalRun.id}-${cells}` },
    });
  }
  for (let start = 0; start < jobs.length; start += 500) await queue.addBulk(jobs.slice(start, start + 500));
}

const stoppedKey = (evalRunId: string) => `evalrun:${evalRunId}:stopped`;
const doneKey = (evalRunId: string) => `evalrun:${evalRunId}:done`;
const WEEK_MS = 7 * 24 * 3600 * 1000;

export async function setEvalRunStopped(redis: RedisClient, evalRunId: string, stopped: boolean): Promise<void> {
  if (stopped) await redis.set(stoppedKey(evalRunId), "1", "PX", WEEK_MS);
  else await redis.del(stoppedKey(evalRunId));
}

export async function isEvalRunStopped(redis: RedisClient, evalRunId: string): Promise<boolean> {
  return (await redis.exists(stoppedKey(evalRunId))) === 1;
}

/** Marks pairs done; answers how many distinct pairs are done (a pair finished twice counts once). */
export async function markEvalPairDone(redis: RedisClient, evalRunId: string, pair: string | string[]): Promise<number> {
  const key = doneKey(evalRunId);
  const pairs = Array.isArray(pair) ? pair : [pair];
  if (!pairs.length) return redis.scard(key);
  const replies = await redis
    .multi()
    .sadd(key, ...pairs)
    .scard(key)
    .pexpire(key, WEEK_MS)
    .exec();
  return Number(replies?.[1]?.[1] ?? 0);
}

/** Which of these pairs are already marked done (one round trip). */
export async function donePairsAmong(redis: RedisClient, evalRunId: string, pairs: string[]): Promise<Set<string>> {
  if (!pairs.length) return new Set();
  const flags = await redis.smismember(doneKey(evalRunId), ...pairs);
  return new Set(pairs.filter((_, index) => flags[index] === 1));
}
