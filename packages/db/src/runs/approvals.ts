// Paused runs and the approvals they wait on. A pause is saved after the run's own record (its steps
// so far, status WAITING); answers are conditional updates on PENDING, so the first answer stands.
import type { ApprovalAnswer, Checkpoint, RunPauseRecord, StepRecord } from "@switchyard/engine";
import { notFound } from "@switchyard/errors";
import type { Db } from "../client";
import type { Prisma } from "../generated/prisma/client";

const toJson = (value: unknown) => (value === undefined ? null : value) as Prisma.InputJsonValue;

export interface SavedApproval {
  id: string;
  key: string;
  question: string;
  status: string;
  expiresAt: Date;
}

/** Saves the run's checkpoint (a new pause: `seq` goes up) and creates the approvals not asked yet. */
export async function savePause(
  db: Db,
  input: { runId: string; workspaceId: string; botId: string; job: unknown; checkpoint: Checkpoint; pauses: RunPauseRecord[] },
): Promise<{ seq: number; approvals: SavedApproval[] }> {
  return db.$transaction(async (tx) => {
    const pause = await tx.runPause.upsert({
      where: { runId: input.runId },
      create: { runId: input.runId, workspaceId: input.workspaceId, job: toJson(input.job), checkpoint: toJson(input.checkpoint) },
      update: { seq: { increment: 1 }, checkpoint: toJson(input.checkpoint) },
      select: { seq: true },
    });
    const now = Date.now();
    // an approval asked before (the run paused again on it, or a re-executed job) keeps its row and answer
    const approvals = await Promise.all(
      input.pauses.map(({ nodeId, key, request }) =>
        tx.approval.upsert({
          where: { runId_key: { runId: input.runId, key } },
          create: {
            workspaceId: input.workspaceId,
            runId: input.runId,
            botId: input.botId,
            key,
            nodeId,
            kind: request.kind,
            question: request.question,
            proposed: toJson(request.proposed),
            valueSchema: request.valueSchema,
            actions: toJson(request.actions),
            timeoutAction: request.timeoutAction,
            expiresAt: new Date(now + request.timeoutMs),
          },
          update: {},
          select: { id: true, key: true, question: true, status: true, expiresAt: true },
        }),
      ),
    );
    return { seq: pause.seq, approvals };
  });
}

export interface LoadedPause {
  seq: number;
  job: unknown;
  checkpoint: Checkpoint;
  steps: StepRecord[];
  answers: Record<string, ApprovalAnswer>;
  startedAt: number | null;
  finished: boolean;
}

/** Everything a resumption needs; null when the run has no pause (never paused, or cancelled). */
export async function loadPause(db: Db, workspaceId: string, runId: string): Promise<LoadedPause | null> {
  const pause = await db.runPause.findFirst({
    where: { runId, workspaceId },
    include: {
      run: {
        select: {
          finishedAt: true,
          startedAt: true,
          steps: true,
          approvals: { where: { status: { in: ["ANSWERED", "TIMED_OUT"] } } },
        },
      },
    },
  });
  if (!pause) return null;
  const answers: Record<string, ApprovalAnswer> = {};
  for (const approval of pause.run.approvals)
    answers[approval.key] = {
      action: approval.action!,
      value: approval.value,
      comment: approval.comment,
      changed: approval.changed,
      answeredBy: approval.answeredBy ?? "",
      answeredVia: (approval.answeredVia ?? "APP") as ApprovalAnswer["answeredVia"],
      answeredAt: approval.answeredAt?.getTime() ?? Date.now(),
    };
  const steps: StepRecord[] = pause.run.steps.map((step) => ({
    nodeId: step.nodeId,
    nodeType: step.nodeType,
    status: step.status as StepRecord["status"],
    input: (step.input ?? {}) as Record<string, unknown>,
    output: step.output as Record<string, unknown> | null,
    error: step.error,
    provider: step.provider,
    model: step.model,
    tokensIn: step.tokensIn,
    tokensOut: step.tokensOut,
    costUsd: step.costUsd,
    attempts: step.attempts,
    detail: step.detail as Record<string, unknown> | null,
    startedAt: step.startedAt?.getTime() ?? 0,
    finishedAt: step.finishedAt?.getTime() ?? 0,
  }));
  return {
    seq: pause.seq,
    job: pause.job,
    checkpoint: pause.checkpoint as unknown as Checkpoint,
    steps,
    answers,
    startedAt: pause.run.startedAt?.getTime() ?? null,
    finished: pause.run.finishedAt !== null,
  };
}

const approvalFields = {
  id: true,
  runId: true,
  botId: true,
  nodeId: true,
  kind: true,
  question: true,
  proposed: true,
  valueSchema: true,
  actions: true,
  timeoutAction: true,
  expiresAt: true,
  status: true,
  action: true,
  value: true,
  comment: true,
  changed: true,
  answeredBy: true,
  answeredVia: true,
  answeredAt: true,
  createdAt: true,
} as const;

export function listApprovals(db: Db, workspaceId: string, filter: { status?: "PENDING" | "DONE"; take?: number } = {}) {
  return db.approval.findMany({
    where: {
      workspaceId,
      ...(filter.status === "PENDING" && { status: "PENDING" }),
      ...(filter.status === "DONE" && { status: { not: "PENDING" } }),
    },
    orderBy: { createdAt: filter.status === "PENDING" ? "asc" : "desc" },
    take: filter.take ?? 100,
    select: approvalFields,
  });
}

export const countPendingApprovals = (db: Db, workspaceId: string) => db.approval.count({ where: { workspaceId, status: "PENDING" } });

/** One approval of the workspace; another workspace's id is "not found". */
export async function getApproval(db: Db, workspaceId: string, approvalId: string) {
  const approval = await db.approval.findFirst({ where: { id: approvalId, workspaceId }, select: approvalFields });
  if (!approval) throw notFound("Approval");
  return approval;
}

export type ApprovalRow = Awaited<ReturnType<typeof getApproval>>;

/** Why an approval can no longer be answered, for people; null while it can. */
export function closedReason(approval: Pick<ApprovalRow, "status" | "expiresAt">, now = Date.now()): string | null {
  switch (approval.status) {
    case "ANSWERED":
      return "This approval has already been answered; the first answer stands";
    case "TIMED_OUT":
      return "This approval timed out and took its timeout action";
    case "CANCELLED":
      return "The run waiting for this approval was cancelled";
    case "PENDING":
      return approval.expiresAt.getTime() <= now ? "This approval timed out and took its timeout action" : null;
  }
}

/** Records an answer if the approval is still pending; false when someone (or the timeout) was first. */
export async function recordApprovalAnswer(
  db: Db,
  workspaceId: string,
  approvalId: string,
  answer: Omit<ApprovalAnswer, "answeredAt"> & { answeredById: string | null; status?: "ANSWERED" | "TIMED_OUT" },
): Promise<boolean> {
  const { count } = await db.approval.updateMany({
    where: {
      id: approvalId,
      workspaceId,
      status: "PENDING",
      // only the timeout may answer once the time is up
      ...(answer.status !== "TIMED_OUT" && { expiresAt: { gt: new Date() } }),
    },
    data: {
      status: answer.status ?? "ANSWERED",
      action: answer.action,
      value: toJson(answer.value),
      comment: answer.comment,
      changed: answer.changed,
      answeredBy: answer.answeredBy,
      answeredById: answer.answeredById,
      answeredVia: answer.answeredVia,
      answeredAt: new Date(),
    },
  });
  return count === 1;
}

/** The current pause number of a waiting run, or null when it is not waiting any more. */
export async function waitingPauseSeq(db: Db, runId: string): Promise<number | null> {
  const pause = await db.runPause.findUnique({ where: { runId }, select: { seq: true, run: { select: { status: true } } } });
  return pause && pause.run.status === "WAITING" ? pause.seq : null;
}

/**
 * Cancels a run waiting for approval at once: the run ends CANCELLED and its open approvals close.
 * False when the run is not waiting (then it is running or queued, and the usual cancel applies).
 */
export async function cancelWaitingRun(db: Db, workspaceId: string, runId: string): Promise<boolean> {
  return db.$transaction(async (tx) => {
    const now = new Date();
    const { count } = await tx.run.updateMany({
      where: { id: runId, workspaceId, status: "WAITING" },
      data: { status: "CANCELLED", error: "The run was cancelled while waiting for approval", finishedAt: now },
    });
    if (!count) return false;
    await tx.approval.updateMany({ where: { runId, status: "PENDING" }, data: { status: "CANCELLED" } });
    await tx.runPause.deleteMany({ where: { runId } });
    return true;
  });
}

/** A pause is done once the run has finished; its checkpoint is not needed any more. */
export async function deletePause(db: Db, runId: string): Promise<void> {
  await db.runPause.deleteMany({ where: { runId } });
}

/**
 * Claims the approved call `key` of the run for this attempt (a conditional update: one attempt
 * wins); false when an attempt claimed it before (docs/reliability.md, "An approved call happens once").
 */
export async function claimApprovedCall(db: Db, runId: string, key: string): Promise<boolean> {
  const now = new Date();
  const { count } = await db.approval.updateMany({
    where: { runId, key, status: { in: ["ANSWERED", "TIMED_OUT"] }, callClaimedAt: null },
    data: { callClaimedAt: now, callAliveAt: now },
  });
  return count === 1;
}

/** The claiming attempt is still making the call (a later attempt waits while this moves). */
export async function markApprovedCallAlive(db: Db, runId: string, key: string): Promise<void> {
  await db.approval.updateMany({ where: { runId, key }, data: { callAliveAt: new Date() } });
}

/** Stores the approved call's outcome (JSON) for any later attempt to adopt. */
export async function recordApprovedCallOutcome(db: Db, runId: string, key: string, outcome: unknown): Promise<void> {
  await db.approval.updateMany({ where: { runId, key }, data: { callOutcome: toJson({ value: outcome }), callAliveAt: new Date() } });
}

/** Where the approved call stands; null when the run has no such approval. */
export async function readApprovedCall(
  db: Db,
  runId: string,
  key: string,
): Promise<{ claimed: boolean; aliveAt: number | null; outcome: { value: unknown } | null } | null> {
  const row = await db.approval.findUnique({
    where: { runId_key: { runId, key } },
    select: { callClaimedAt: true, callAliveAt: true, callOutcome: true },
  });
  if (!row) return null;
  return {
    claimed: row.callClaimedAt !== null,
    aliveAt: row.callAliveAt?.getTime() ?? null,
    outcome: (row.callOutcome as { value: unknown } | null) ?? null,
  };
}
