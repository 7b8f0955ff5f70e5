// Who is asking. Pages redirect to sign-in; API routes answer 401.
import { requireMembership, type Role } from "@switchyard/db";
import { AppError } from "@switchyard/errors";
import { getServerSession } from "next-auth";
import { notFound, redirect } from "next/navigation";
import { db, getAuthOptions } from "./services";

export interface SessionUser {
  id: string;
  email: string;
  name: string | null;
}

export async function readSessionUser(): Promise<SessionUser | null> {
  const session = await getServerSession(getAuthOptions());
  const user = session?.user as { id?: string; email?: string | null; name?: string | null } | undefined;
  if (!user?.id || !user.email) return null;
  return { id: user.id, email: user.email, name: user.name ?? null };
}

export async function requireSessionUser(): Promise<SessionUser> {
  const user = await readSessionUser();
  if (!user) throw new AppError("UNAUTHENTICATED", "Sign in to continue");
  return user;
}

/** For pages: the signed-in user, or a redirect to sign-in. */
export async function pageUser(): Promise<SessionUser> {
  const user = await readSessionUser();
  if (!user) redirect("/login");
  return user;
}

/** For pages under /w/[workspaceId]: membership or a 404 page (never a hint the workspace exists). */
export async function pageMembership(workspaceId: string, minimum: Role = "VIEWER") {
  const user = await pageUser();
  try {
    return { user, membership: await requireMembership(db(), workspaceId, user.id, minimum) };
  } catch {
    notFound();
  }
}
