// Reading runs and their traces, always within a workspace.
import { notFound } from "@switchyard/errors";
import type { Db } from "../client";
import type { Prisma } from "../generated/prisma/client";
import type { RunStatus } from "../generated/prisma/enums";

export async function getRunWithSteps(db: Db, workspaceId: string, runId: string) {
  const run = await db.run.findFirst({
    where: { id: runId, workspaceId },
    include: {
      steps: { orderBy: { startedAt: "asc" } },
      feedback: { orderBy: { updatedAt: "desc" }, select: { score: true, comment: true, source: true, updatedAt: true } },
    },
  });
  if (!run) throw notFound("Run");
  return run;
}

export function findRunWorkspace(db: Db, runId: string) {
  return db.run.findUnique({ where: { id: runId }, select: { workspaceId: true, status: true } });
}

export interface RunFilters {
  botId?: string;
  status?: RunStatus;
  /** A published version's number; 0 means runs of the draft. */
  version?: number;
  /** Runs created on this UTC day (YYYY-MM-DD). */
  day?: string;
  take?: number;
}

export function listRuns(db: Db, workspaceId: string, filters: RunFilters = {}) {
  const day = filters.day ? new Date(`${filters.day}T00:00:00Z`) : undefined;
  return db.run.findMany({
    where: {
      workspaceId,
      botId: filters.botId,
      status: filters.status,
      ...(filters.version === 0 && { botVersionId: null }),
      ...(filters.version && { botVersion: { number: filters.version } }),
      ...(day && { createdAt: { gte: day, lt: new Date(day.getTime() + 86_400_000) } }),
    },
    orderBy: { createdAt: "desc" },
    take: Math.min(filters.take ?? 50, 200),
    select: {
      id: true,
      botId: true,
      status: true,
      source: true,
      tokensIn: true,
      tokensOut: true,
      costUsd: true,
      latencyMs: true,
      error: true,
      createdAt: true,
      botVersion: { select: { number: true } },
      feedback: { select: { score: true, comment: true } },
    },
  });
}

/**
 * Runs that claim to be running but whose job no longer exists anywhere (its worker died and the
 * queue gave up on it). The caller checks the queue; this only lists candidates.
 */
export function listRunsStartedBefore(db: Db, before: Date) {
  return db.run.findMany({
    where: { status: { in: ["QUEUED", "RUNNING"] }, createdAt: { lt: before } },
    select: { id: true, pause: { select: { seq: true } } },
    take: 500,
  });
}

export async function markRunsFailed(db: Db, runIds: string[], reason: string) {
  if (!runIds.length) return 0;
  const { count } = await db.run.updateMany({
    where: { id: { in: runIds }, status: { in: ["QUEUED", "RUNNING"] } },
    data: { status: "FAILED", error: reason, finishedAt: new Date() },
  });
  return count;
}

/** The fields of a run job its row is made from. */
export interface RunJobFields {
  runId: string;
  workspaceId: string;
  botId: string;
  botVersionId: string | null;
  deploymentId: string | null;
  source: "EDITOR" | "API" | "WIDGET" | "EVAL" | "MCP";
  input: { sessionId?: string } & Record<string, unknown>;
  enqueuedAt: number;
}

/** A run row's columns that come from its job: the workers' start record and the queue's failure record share them. */
export function runColumnsOf(job: RunJobFields) {
  return {
    id: job.runId,
    workspaceId: job.workspaceId,
    botId: job.botId,
    botVersionId: job.botVersionId,
    deploymentId: job.deploymentId,
    source: job.source,
    sessionId: job.input.sessionId ?? null,
    input: job.input as Prisma.InputJsonObject,
  };
}

/**
 * Records a run the queue gave up on as failed. Workers record a run's start only once it has been
 * going for a moment, so a run can fail before it has a row: then the row is made from its job. A run
 * that already finished is left as it is. Answers whether anything was recorded.
 */
export async function recordRunFailed(db: Db, job: RunJobFields, reason: string): Promise<boolean> {
  if ((await markRunsFailed(db, [job.runId], reason)) > 0) return true;
  const now = new Date();
  const { count } = await db.run.createMany({
    data: [
      {
        ...runColumnsOf(job),
        status: "FAILED",
        error: reason,
        createdAt: new Date(job.enqueuedAt),
        startedAt: now,
        finishedAt: now,
      },
    ],
    skipDuplicates: true,
  });
  return count > 0;
}
