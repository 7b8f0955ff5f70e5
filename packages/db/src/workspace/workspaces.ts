// Workspaces, memberships and invites. Access checks live here so every caller gets the same rule:
// a non-member learns nothing (404), a member without the role is told so (403).
import { createHash, randomBytes } from "node:crypto";
import { AppError } from "@switchyard/errors";
import type { Db } from "../client";
import type { Role } from "../generated/prisma/enums";

const rank: Record<Role, number> = { VIEWER: 0, EDITOR: 1, OWNER: 2 };

export const hasRole = (role: Role, minimum: Role) => rank[role] >= rank[minimum];

export function forbidden(minimum: Role, role: Role) {
  return new AppError("FORBIDDEN", `This needs the ${minimum.toLowerCase()} role; you are ${role.toLowerCase()}`);
}
const INVITE_LIFETIME_MS = 7 * 24 * 60 * 60 * 1000;

export async function requireMembership(db: Db, workspaceId: string, userId: string, minimum: Role = "VIEWER") {
  const membership = await db.membership.findUnique({
    where: { workspaceId_userId: { workspaceId, userId } },
    include: { workspace: true },
  });
  if (!membership) throw new AppError("NOT_FOUND", "Workspace not found");
  if (!hasRole(membership.role, minimum)) throw forbidden(minimum, membership.role);
  return membership;
}

export function listWorkspaces(db: Db, userId: string) {
  return db.membership.findMany({
    where: { userId },
    include: { workspace: { select: { id: true, name: true, personal: true } } },
    orderBy: { createdAt: "asc" },
  });
}

export function createWorkspace(db: Db, userId: string, name: string) {
  return db.workspace.create({
    data: { name, memberships: { create: { userId, role: "OWNER" } } },
  });
}

export function listMembers(db: Db, workspaceId: string) {
  return db.membership.findMany({
    where: { workspaceId },
    include: { user: { select: { id: true, email: true, name: true } } },
    orderBy: { createdAt: "asc" },
  });
}

const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");

/** Creates an invite and returns the one-time token for the link; only its hash is stored. */
export async function createInvite(db: Db, workspaceId: string, invitedById: string, email: string, role: Role) {
  const token = randomBytes(24).toString("base64url");
  const invite = await db.invite.create({
    data: {
      workspaceId,
      invitedById,
      email: email.toLowerCase(),
      role,
      tokenHash: hashToken(token),
      expiresAt: new Date(Date.now() + INVITE_LIFETIME_MS),
    },
  });
  return { invite, token };
}

export function findInvite(db: Db, token: string) {
  return db.invite.findUnique({
    where: { tokenHash: hashToken(token) },
    include: { workspace: { select: { id: true, name: true } } },
  });
}

/** Joins the invited workspace. The invite names an email; only that account may accept it. */
export async function acceptInvite(db: Db, token: string, user: { id: string; email: string }) {
  const invite = await findInvite(db, token);
  if (!invite || invite.acceptedAt || invite.expiresAt < new Date())
    throw new AppError("NOT_FOUND", "This invite link is invalid or has expired");
  if (invite.email !== user.email.toLowerCase())
    throw new AppError("FORBIDDEN", `This invite is for ${invite.email}; sign in with that account to accept it`);
  await db.$transaction([
    db.membership.upsert({
      where: { workspaceId_userId: { workspaceId: invite.workspaceId, userId: user.id } },
      create: { workspaceId: invite.workspaceId, userId: user.id, role: invite.role },
      update: {},
    }),
    db.invite.update({ where: { id: invite.id }, data: { acceptedAt: new Date() } }),
  ]);
  return invite.workspace;
}
