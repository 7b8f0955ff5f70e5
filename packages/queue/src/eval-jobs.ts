// The eval queue: one job per dataset item × variant × repeat of an eval run. Job ids name the cell, so
// enqueueing a cell that is still waiting is a no-op; stop and resume are flags and re-enqueues.
import { Queue, type ConnectionOptions } from "bullmq";
import type { Redis } from "ioredis";
import { z } from "zod";
import { bullPrefix } from "./redis";

export const EVAL_QUEUE = "evals";

export const evalJobSchema = z.object({
  evalRunId: z.string(),
  workspaceId: z.string(),
  datasetItemId: z.string(),
  variantKey: z.string(),
  /** 0-based run of the item × variant; jobs queued before repeats existed have none (0). */
  repeat: z.number().int().min(0).default(0),
});
export type EvalJob = z.infer<typeof evalJobSchema>;

export function createEvalQueue(connection: ConnectionOptions) {
  return new Queue<EvalJob>(EVAL_QUEUE, {
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

export async function enqueueEvalPairs(
  queue: Queue<EvalJob>,
  evalRun: { id: string; workspaceId: string },
  pairs: { datasetItemId: string; variantKey: string; repeat?: number }[],
): Promise<void> {
  for (let start = 0; start < pairs.length; start += 500)
    await queue.addBulk(
      pairs.slice(start, start + 500).map((pair) => ({
        name: "eval",
        data: { evalRunId: evalRun.id, workspaceId: evalRun.workspaceId, ...pair, repeat: pair.repeat ?? 0 },
        // the first repeat keeps the id a pair had before repeats existed
        opts: { jobId: `${evalRun.id}-${pair.datasetItemId}-${pair.variantKey}${pair.repeat ? `-${pair.repeat}` : ""}` },
      })),
    );
}

const stoppedKey = (evalRunId: string) => `evalrun:${evalRunId}:stopped`;
const doneKey = (evalRunId: string) => `evalrun:${evalRunId}:done`;
const WEEK_MS = 7 * 24 * 3600 * 1000;

export async function setEvalRunStopped(redis: Redis, evalRunId: string, stopped: boolean): Promise<void> {
  if (stopped) await redis.set(stoppedKey(evalRunId), "1", "PX", WEEK_MS);
  else await redis.del(stoppedKey(evalRunId));
}

export async function isEvalRunStopped(redis: Redis, evalRunId: string): Promise<boolean> {
  return (await redis.exists(stoppedKey(evalRunId))) === 1;
}

/** Marks a pair done; answers how many distinct pairs are done (a pair finished twice counts once). */
export async function markEvalPairDone(redis: Redis, evalRunId: string, pair: string): Promise<number> {
  const key = doneKey(evalRunId);
  const replies = await redis.multi().sadd(key, pair).scard(key).pexpire(key, WEEK_MS).exec();
  return Number(replies?.[1]?.[1] ?? 0);
}
