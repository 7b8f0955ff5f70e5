// Reading runs and their traces, always within a workspace.
import { notFound } from "@switchyard/errors";
import type { Db } from "./client";
import type { RunStatus } from "./generated/prisma/enums";

export async function getRunWithSteps(db: Db, workspaceId: string, runId: string) {
  const run = await db.run.findFirst({
    where: { id: runId, workspaceId },
    include: { steps: { orderBy: { startedAt: "asc" } } },
  });
  if (!run) throw notFound("Run");
  return run;
}

export function findRunWorkspace(db: Db, runId: string) {
  return db.run.findUnique({ where: { id: runId }, select: { workspaceId: true, status: true } });
}

export function listRuns(db: Db, workspaceId: string, filters: { botId?: string; status?: RunStatus; take?: number } = {}) {
  return db.run.findMany({
    where: { workspaceId, botId: filters.botId, status: filters.status },
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
    select: { id: true },
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
