// Accounts: every new user gets a personal workspace they own, in the same transaction.
import type { Db } from "./client";

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
