// Model pools: a name and ordered members (a provider credential, an optional model name the member
// serves instead of the node's, a weight). Every query is scoped to the workspace, and a member may
// only name a credential of the same workspace.
import { AppError, notFound } from "@switchyard/errors";
import type { Db } from "../client";

export interface PoolMemberInput {
  credentialId: string;
  model?: string | null;
  weight?: number;
}

export interface PoolInput {
  name: string;
  members: PoolMemberInput[];
}

const poolSelect = {
  id: true,
  name: true,
  createdAt: true,
  updatedAt: true,
  members: {
    orderBy: { position: "asc" },
    select: { id: true, credentialId: true, model: true, weight: true, credential: { select: { name: true, kind: true } } },
  },
} as const;

type PoolRow = {
  id: string;
  name: string;
  createdAt: Date;
  updatedAt: Date;
  members: { id: string; credentialId: string; model: string | null; weight: number; credential: { name: string; kind: string } }[];
};

export interface Pool {
  id: string;
  name: string;
  createdAt: Date;
  updatedAt: Date;
  members: { id: string; credentialId: string; model: string | null; weight: number; credentialName: string; kind: string }[];
}

const present = ({ members, ...pool }: PoolRow): Pool => ({
  ...pool,
  members: members.map(({ credential, ...member }) => ({ ...member, credentialName: credential.name, kind: credential.kind })),
});

export async function listPools(db: Db, workspaceId: string) {
  const rows = await db.modelPool.findMany({ where: { workspaceId }, select: poolSelect, orderBy: { name: "asc" } });
  return rows.map(present);
}

export async function getPool(db: Db, workspaceId: string, poolId: string) {
  const row = await db.modelPool.findFirst({ where: { id: poolId, workspaceId }, select: poolSelect });
  if (!row) throw notFound("Pool");
  return present(row);
}

/** Refuses members naming a credential this workspace does not have: a 404 (as for any foreign id) naming the member. */
async function checkMembers(db: Db, workspaceId: string, members: PoolMemberInput[]) {
  const ids = [...new Set(members.map((member) => member.credentialId))];
  const found = await db.providerCredential.findMany({ where: { workspaceId, id: { in: ids } }, select: { id: true } });
  const known = new Set(found.map((row) => row.id));
  const missing = members.findIndex((member) => !known.has(member.credentialId));
  if (missing >= 0)
    throw new AppError("NOT_FOUND", `members.${missing}.credentialId: this provider does not exist in this workspace`, {
      issues: [{ path: `members.${missing}.credentialId`, message: "Unknown provider" }],
    });
}

const memberRows = (members: PoolMemberInput[]) =>
  members.map((member, position) => ({
    position,
    credentialId: member.credentialId,
    model: member.model?.trim() || null,
    weight: member.weight ?? 1,
  }));

async function nameTaken(db: Db, workspaceId: string, name: string, except?: string) {
  const existing = await db.modelPool.findFirst({
    where: { workspaceId, name, ...(except && { id: { not: except } }) },
    select: { id: true },
  });
  if (existing) throw new AppError("CONFLICT", `A pool named "${name}" already exists`);
}

export async function createPool(db: Db, workspaceId: string, input: PoolInput) {
  await checkMembers(db, workspaceId, input.members);
  await nameTaken(db, workspaceId, input.name);
  const row = await db.modelPool.create({
    data: { workspaceId, name: input.name, members: { create: memberRows(input.members) } },
    select: poolSelect,
  });
  return present(row);
}

/** Replaces the name and the whole member list in one transaction. */
export async function updatePool(db: Db, workspaceId: string, poolId: string, input: PoolInput) {
  await getPool(db, workspaceId, poolId);
  await checkMembers(db, workspaceId, input.members);
  await nameTaken(db, workspaceId, input.name, poolId);
  const [, , row] = await db.$transaction([
    db.modelPoolMember.deleteMany({ where: { poolId } }),
    db.modelPool.update({ where: { id: poolId }, data: { name: input.name, members: { create: memberRows(input.members) } } }),
    db.modelPool.findFirstOrThrow({ where: { id: poolId }, select: poolSelect }),
  ]);
  return present(row);
}

export async function deletePool(db: Db, workspaceId: string, poolId: string) {
  const { count } = await db.modelPool.deleteMany({ where: { id: poolId, workspaceId } });
  if (!count) throw notFound("Pool");
}

/** The pools a credential is a member of, for "removing it takes it out of pool …". */
export async function poolsUsingCredential(db: Db, workspaceId: string, credentialId: string) {
  return db.modelPool.findMany({
    where: { workspaceId, members: { some: { credentialId } } },
    select: { id: true, name: true },
    orderBy: { name: "asc" },
  });
}

/** A pool as the worker calls it: members in order with their credential's name (for the trace). */
export async function readPoolForRun(db: Db, workspaceId: string, poolId: string) {
  const row = await db.modelPool.findFirst({ where: { id: poolId, workspaceId }, select: poolSelect });
  if (!row) return null;
  const members = row.members.map(({ id, credentialId, model, weight, credential }) => ({
    id,
    credentialId,
    model,
    weight,
    name: credential.name,
  }));
  return { id: row.id, name: row.name, members };
}
