// Cancelling a run: a flag (for a worker that has not started it yet) and a broadcast (for the worker
// running it right now, which aborts its in-flight provider requests).
import type { RedisClient } from "./redis";
export const runCancelChannel = (redis: RedisClient) => `${redis.options.keyPrefix ?? ""}run-cancel`;
const cancelKey = (runId: string) => `run:${runId}:cancelled`;
/** The flag `isRunCancelled` reads (for a caller that sends the check in a pipeline of its own). */
export const runCancelledKey = cancelKey;

export async function requestRunCancel(redis: RedisClient, runId: string): Promise<void> {
  await redis.multi().set(cancelKey(runId), "1", "PX", 3_600_000).publish(runCancelChannel(redis), runId).exec();
}

export async function isRunCancelled(redis: RedisClient, runId: string): Promise<boolean> {
  return (await redis.exists(cancelKey(runId))) === 1;
}
