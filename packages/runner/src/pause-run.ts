// Pausing and resuming runs in the worker. A paused run is written like a finish (its steps so far,
// status WAITING, durably), then its checkpoint and approvals; each approval gets a delayed timeout
// job, and the worker's slot is free. Answering adds a resume job, which re-executes the flow from the
// checkpoint with every answer given so far.
import {
  cancelWaitingRun,
  deletePause,
  loadPause,
  recordApprovalAnswer,
  savePause,
  getApproval,
  waitingPauseSeq,
  type Db,
  type RunRecord,
  type RunWriter,
  type StepRow,
} from "@switchyard/db";
import type { PausedRun, ResumeFrom, RunResult } from "@switchyard/engine";
import {
  appendRunEvent,
  enqueueResume,
  runJobSchema,
  scheduleApprovalTimeout,
  type ApprovalTimeoutJob,
  type RunJob,
  type RunQueue,
  type RunResumeJob,
} from "@switchyard/queue";

export type { RunQueue };
import type { RedisClient } from "@switchyard/queue";
import type { EventSink } from "./event-sink";

export interface PauseServices {
  db: Db;
  writer: RunWriter;
  queue: RunQueue;
}

/** Persists a paused run and tells its watchers it is waiting; returns the approvals it waits on. */
export async function persistPause(
  services: PauseServices,
  input: {
    job: RunJob;
    base: RunRecord;
    result: RunResult & { paused: PausedRun };
    steps: StepRow[];
    emit: EventSink;
    priorEvents: string | null;
  },
) {
  const { job, base, result, emit } = input;
  // the run's row first: approvals reference it
  const events = mergeEventLogs(input.priorEvents, await emit.log());
  const totals = { tokensIn: result.tokensIn, tokensOut: result.tokensOut, costUsd: result.costUsd };
  await services.writer.write({ ...base, ...totals, status: "WAITING", events }, input.steps);
  const { seq, approvals } = await savePause(services.db, {
    runId: job.runId,
    workspaceId: job.workspaceId,
    botId: job.botId,
    job,
    checkpoint: result.paused.checkpoint,
    pauses: result.paused.pauses,
  });
  const pending = approvals.filter((approval) => approval.status === "PENDING");
  await Promise.all(
    pending.map((approval) =>
      scheduleApprovalTimeout(services.queue, { approvalId: approval.id, workspaceId: job.workspaceId }, approval.expiresAt),
    ),
  );
  await emit({ type: "run.waiting", at: Date.now(), approvals: pending.map(({ id, question }) => ({ id, question })) });
  // an approval answered before this pause was saved (the run paused on it again) resumes at once
  if (pending.length < approvals.length) await enqueueResume(services.queue, { runId: job.runId, workspaceId: job.workspaceId, seq });
  return approvals;
}

/** The events before a pause and after it, as one log for the run's record. */
export function mergeEventLogs(prior: string | null, current: string): string {
  if (!prior || prior === "[]") return current;
  if (current === "[]") return prior;
  return `${prior.slice(0, -1)},${current.slice(1)}`;
}

export interface Resumption {
  job: RunJob;
  resume: ResumeFrom;
  startedAt: number | null;
  priorEvents: string | null;
}

/** What a resume job continues from; null when it is stale (an older pause, a finished or cancelled run). */
export async function loadResumption(db: Db, resumeJob: RunResumeJob): Promise<Resumption | null> {
  const pause = await loadPause(db, resumeJob.workspaceId, resumeJob.runId);
  if (!pause || pause.finished || pause.seq !== resumeJob.seq) return null;
  const events = await db.run.findUnique({ where: { id: resumeJob.runId }, select: { events: true } });
  return {
    job: runJobSchema.parse(pause.job),
    resume: { checkpoint: pause.checkpoint, steps: pause.steps, answers: pause.answers },
    startedAt: pause.startedAt,
    priorEvents: events?.events ? JSON.stringify(events.events) : null,
  };
}

/** Once a resumed run has finished, its checkpoint goes. */
export const forgetPause = (db: Db, runId: string) => deletePause(db, runId);

/** The delayed timeout job: answers the approval with its timeout action if nobody has, and resumes the run. */
export async function timeOutApproval(services: Pick<PauseServices, "db" | "queue">, job: ApprovalTimeoutJob): Promise<boolean> {
  const approval = await getApproval(services.db, job.workspaceId, job.approvalId).catch(() => null);
  if (!approval || approval.status !== "PENDING") return false;
  const answered = await recordApprovalAnswer(services.db, job.workspaceId, job.approvalId, {
    status: "TIMED_OUT",
    action: approval.timeoutAction,
    value: approval.proposed,
    comment: null,
    changed: false,
    answeredBy: "timeout",
    answeredById: null,
    answeredVia: "TIMEOUT",
  });
  if (!answered) return false;
  await resumeIfWaiting(services, approval.runId, job.workspaceId);
  return true;
}

/** Adds the resume job for the run's current pause (no-op when the run is not waiting). */
export async function resumeIfWaiting(services: Pick<PauseServices, "db" | "queue">, runId: string, workspaceId: string): Promise<void> {
  const seq = await waitingPauseSeq(services.db, runId);
  if (seq !== null) await enqueueResume(services.queue, { runId, workspaceId, seq });
}

/**
 * Cancels a run waiting for approval at once (no worker holds it, so nothing needs aborting): it ends
 * CANCELLED, its approvals close, and its watchers hear `run.finished`. False when it was not waiting.
 */
export async function cancelPausedRun(services: { db: Db; redis: RedisClient }, workspaceId: string, runId: string): Promise<boolean> {
  if (!(await cancelWaitingRun(services.db, workspaceId, runId))) return false;
  const run = await services.db.run.findFirst({
    where: { id: runId, workspaceId },
    select: { tokensIn: true, tokensOut: true, costUsd: true },
  });
  await appendRunEvent(services.redis, runId, {
    type: "run.finished",
    status: "CANCELLED",
    at: Date.now(),
    output: null,
    error: "The run was cancelled while waiting for approval",
    latencyMs: 0,
    tokensIn: run?.tokensIn ?? 0,
    tokensOut: run?.tokensOut ?? 0,
    costUsd: run?.costUsd ?? 0,
  });
  return true;
}
