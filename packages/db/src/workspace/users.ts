// Accounts: every new user gets a personal workspace they own, in the same transaction.
import type { Db } from "../client";

export interface NewUser {
  email: string;
  name?: string;
  passwordHash?: string;
}

export async function createUserWithWorkspace(db: Db, input: NewUser) {
  return db.$transaction(async (tx) => {
    const user = await tx.user.create({
      data: { email: input.email.toLowerCase(), name: input.name, passwordHash: input.passwordHash },
    });
    const workspace = await tx.workspace.create({
      data: {
        name: input.name ? `${input.name}'s workspace` : "Personal",
        personal: true,
        memberships: { create: { userId: user.id, role: "OWNER" } },
      },
    });
    return { user, workspace };
  });
}

export function findUserByEmail(db: Db, email: string) {
  return db.user.findUnique({ where: { email: email.toLowerCase() } });
}

/** The version every valid session token of the user carries; null for an unknown user. */
export async function readSessionVersion(db: Db, userId: string): Promise<number | null> {
  const user = await db.user.findUnique({ where: { id: userId }, select: { sessionVersion: true } });
  return user?.sessionVersion ?? null;
}

/** Ends every session issued so far: their tokens carry the old version. Returns the new one. */
export async function bumpSessionVersion(db: Db, userId: string): Promise<number> {
  const user = await db.user.update({
    where: { id: userId },
    data: { sessionVersion: { increment: 1 } },
    select: { sessionVersion: true },
  });
  return user.sessionVersion;
}
