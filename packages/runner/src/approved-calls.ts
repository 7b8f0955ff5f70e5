// Approved calls made at most once per run, whatever BullMQ does with the resume job. A job is
// delivered at least once: an attempt that stops renewing its lock (a frozen or overloaded worker)
// is handed out again while it may still be running, and both attempts would make the call a person
// approved once. The approval's row is the arbiter: the attempt whose conditional update claims it
// makes the call, keeps a heartbeat while it runs and stores the outcome; any other attempt adopts
// that outcome, waiting while the heartbeat moves, and gives up (the call not made again) once it
// has stood still for `staleMs` (docs/reliability.md, "An approved call happens once").
import { setTimeout as sleep } from "node:timers/promises";
import { claimApprovedCall, markApprovedCallAlive, readApprovedCall, recordApprovedCallOutcome, type Db } from "@switchyard/db";
import { ApprovedCallUnknownError, type ApprovedCalls } from "@switchyard/engine";

export interface ApprovedCallTiming {
  /** How often the claiming attempt says it is still making the call. */
  beatMs: number;
  /** How long a heartbeat may stand still before the claiming attempt counts as gone. */
  staleMs: number;
  /** How often a waiting attempt looks for the outcome. */
  pollMs: number;
}

const DEFAULT_TIMING: ApprovedCallTiming = { beatMs: 5_000, staleMs: 30_000, pollMs: 250 };

export function createApprovedCalls(db: Db, runId: string, timing: ApprovedCallTiming = DEFAULT_TIMING): ApprovedCalls {
  return {
    async once<T>(key: string, call: () => Promise<T>, signal?: AbortSignal): Promise<T> {
      if (await claimApprovedCall(db, runId, key)) {
        const beat = setInterval(() => void markApprovedCallAlive(db, runId, key).catch(() => undefined), timing.beatMs);
        beat.unref();
        try {
          const value = await call();
          await recordApprovedCallOutcome(db, runId, key, value);
          return value;
        } finally {
          clearInterval(beat);
        }
      }
      // Another attempt holds the call. Staleness is judged by this process's clock, from when the
      // heartbeat was last seen to change, so clocks of different machines need not agree.
      let seen: number | null | undefined;
      let seenChangeAt = Date.now();
      for (;;) {
        const state = await readApprovedCall(db, runId, key);
        if (!state || !state.claimed) throw new Error(`the approval "${key}" of this run is not an answered one`);
        if (state.outcome) return state.outcome.value as T;
        if (state.aliveAt !== seen) {
          seen = state.aliveAt;
          seenChangeAt = Date.now();
        } else if (Date.now() - seenChangeAt > timing.staleMs) throw new ApprovedCallUnknownError();
        await sleep(timing.pollMs, undefined, { signal });
      }
    },
  };
}
