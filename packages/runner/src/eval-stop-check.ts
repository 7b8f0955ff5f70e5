// Whether an eval run was stopped, asked before each pair and each model call that waited for a slot.
import { isEvalRunStopped, type RedisClient } from "@switchyard/queue";

export function createStopCheck(redis: RedisClient): (evalRunId: string) => Promise<boolean> {
  // "still running" is reused for 100 ms, so the check costs no round trip on the way to the provider
  // (a stop is seen within 100 ms); "stopped" is never reused, so a resume takes effect at once
  const seenRunningAt = new Map<string, number>();
  return async (evalRunId) => {
    if ((seenRunningAt.get(evalRunId) ?? 0) > Date.now() - 100) return false;
    const stopped = await isEvalRunStopped(redis, evalRunId);
    if (seenRunningAt.size > 1_000) seenRunningAt.clear();
    if (stopped) seenRunningAt.delete(evalRunId);
    else seenRunningAt.set(evalRunId, Date.now());
    return stopped;
  };
}
