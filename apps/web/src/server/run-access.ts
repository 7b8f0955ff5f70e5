// Which workspace a run belongs to, for the run routes that only carry its id. A run is in PostgreSQL
// from the moment a worker starts it; before that, its queued job says.
import { findRunWorkspace, requireMembership, type Role } from "@switchyard/db";
import { notFound } from "@switchyard/errors";
import type { SessionUser } from "./session";
import { db, runQueue } from "./services";

/** The run's workspace, and its stored status (null while only its queued job knows of it). */
export async function requireRunAccess(
  runId: string,
  user: SessionUser,
  minimum: Role = "VIEWER",
): Promise<{ workspaceId: string; status: string | null }> {
  const stored = await findRunWorkspace(db(), runId);
  const workspaceId = stored?.workspaceId ?? (await runQueue().getJob(runId))?.data.workspaceId;
  if (!workspaceId) throw notFound("Run");
  await requireMembership(db(), workspaceId, user.id, minimum).catch(() => {
    throw notFound("Run");
  });
  return { workspaceId, status: stored?.status ?? null };
}
