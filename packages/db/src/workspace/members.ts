// Taking access away: removing a member and revoking an invite that has not been accepted yet.
// Access is checked against the membership on every request, so a removed member is out at once.
import { AppError, notFound } from "@switchyard/errors";
import type { Db } from "../client";

/** Removes a member. The last owner cannot be removed: a workspace without one could not be managed. */
export async function removeMember(db: Db, workspaceId: string, userId: string): Promise<void> {
  await db.$transaction(async (tx) => {
    // locks the workspace's memberships, so two owners removing each other cannot both succeed
    const members = await tx.$queryRaw<{ userId: string; role: string }[]>`
      SELECT "userId", "role"::text AS role FROM "Membership" WHERE "workspaceId" = ${workspaceId} FOR UPDATE`;
    const member = members.find((row) => row.userId === userId);
    if (!member) throw notFound("Member");
    if (member.role === "OWNER" && members.filter((row) => row.role === "OWNER").length === 1)
      throw new AppError("CONFLICT", "A workspace needs an owner: make someone else owner before removing the last one");
    await tx.membership.delete({ where: { workspaceId_userId: { workspaceId, userId } } });
  });
}

/** Invites not accepted yet, newest first (expired ones too, so they can be cleared). */
export function listPendingInvites(db: Db, workspaceId: string) {
  return db.invite.findMany({
    where: { workspaceId, acceptedAt: null },
    select: { id: true, email: true, role: true, expiresAt: true, createdAt: true },
    orderBy: { createdAt: "desc" },
  });
}

/** Deletes an unaccepted invite, so its link stops working. */
export async function revokeInvite(db: Db, workspaceId: string, inviteId: string): Promise<void> {
  const { count } = await db.invite.deleteMany({ where: { id: inviteId, workspaceId, acceptedAt: null } });
  if (count === 0) throw notFound("Invite");
}
