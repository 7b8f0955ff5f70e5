// Cancelling a run: a flag (for a worker that has not started it yet) and a broadcast (for the worker
// running it right now, which aborts its in-flight provider requests).
import type { Redis } from "ioredis";
export const runCancelChannel = (redis: Redis) => `${redis.options.keyPrefix ?? ""}run-cancel`;
const cancelKey = (runId: string) => `run:${runId}:cancelled`;

export async function requestRunCancel(redis: Redis, runId: string): Promise<void> {
  await redis.multi().set(cancelKey(runId), "1", "PX", 3_600_000).publish(runCancelChannel(redis), runId).exec();
}

export async function isRunCancelled(redis: Redis, runId: string): Promise<boolean> {
  return (await redis.exists(cancelKey(runId))) === 1;
}
