// Jobs that continue paused runs, on the run queue next to the runs themselves: a paused run holds
// no job and no worker; answering an approval adds a "resume" job, and each approval has a delayed
// "approval-timeout" job that answers it with its timeout action when nobody has by then.
import type { RunQueue } from "./run-jobs";
import { z } from "zod";

export const RESUME_JOB = "resume";
export const APPROVAL_TIMEOUT_JOB = "approval-timeout";

export const runResumeJobSchema = z.object({
  runId: z.string(),
  workspaceId: z.string(),
  /** Which pause of the run this answers; a job for an earlier pause is dropped. */
  seq: z.number().int().positive(),
});
export type RunResumeJob = z.infer<typeof runResumeJobSchema>;

export const approvalTimeoutJobSchema = z.object({ approvalId: z.string(), workspaceId: z.string() });
export type ApprovalTimeoutJob = z.infer<typeof approvalTimeoutJobSchema>;

/**
 * One resume job per pause: answers arriving together for one pause add it once (same job id), and
 * the resumed run reads every answer given by then.
 */
export async function enqueueResume(queue: RunQueue, job: RunResumeJob): Promise<void> {
  await queue.add(RESUME_JOB, job, { jobId: `resume-${job.runId}-${job.seq}` });
}

export async function scheduleApprovalTimeout(queue: RunQueue, job: ApprovalTimeoutJob, at: Date): Promise<void> {
  await queue.add(APPROVAL_TIMEOUT_JOB, job, { jobId: `timeout-${job.approvalId}`, delay: Math.max(0, at.getTime() - Date.now()) });
}

/** An answered approval's timeout is no longer needed; a job already running finds it answered anyway. */
export async function cancelApprovalTimeout(queue: RunQueue, approvalId: string): Promise<void> {
  await queue.remove(`timeout-${approvalId}`).catch(() => undefined);
}
