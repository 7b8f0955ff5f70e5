// A finished run's events from PostgreSQL, for clients that come back after its Redis stream expired:
// the log written with the run's finish, then its run.finished event rebuilt from the run's row with
// an id just after the log's last (a client that saw the real one has an id at least as high).
import type { RunEvent } from "@switchyard/engine";
import type { Db } from "../client";

export interface ArchivedRunEvent {
  id: string;
  event: RunEvent;
}

const finishedStatuses = new Set(["SUCCEEDED", "FAILED", "CANCELLED"]);

/** The run's events in order, or null while it has not finished (its events are still in Redis). */
export async function readArchivedRunEvents(db: Db, runId: string): Promise<ArchivedRunEvent[] | null> {
  const run = await db.run.findUnique({
    where: { id: runId },
    select: {
      status: true,
      events: true,
      output: true,
      error: true,
      latencyMs: true,
      tokensIn: true,
      tokensOut: true,
      costUsd: true,
      finishedAt: true,
    },
  });
  if (!run || !finishedStatuses.has(run.status) || !run.finishedAt) return null;
  const logged = ((run.events ?? []) as [string, RunEvent][]).map(([id, event]) => ({ id, event }));
  const last = logged.at(-1)?.id;
  const [ms, sequence] = last ? last.split("-").map(Number) : [run.finishedAt.getTime(), -1];
  const output = run.output as { text?: string } | null;
  const finished: RunEvent = {
    type: "run.finished",
    status: run.status as "SUCCEEDED" | "FAILED" | "CANCELLED",
    at: run.finishedAt.getTime(),
    output: output?.text ?? null,
    error: run.error,
    latencyMs: run.latencyMs ?? 0,
    tokensIn: run.tokensIn,
    tokensOut: run.tokensOut,
    costUsd: run.costUsd,
  };
  return [...logged, { id: `${ms}-${sequence! + 1}`, event: finished }];
}
