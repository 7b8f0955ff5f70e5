// Who is asking. Pages redirect to sign-in; API routes answer 401.
import { sessionIsCurrent } from "@switchyard/auth";
import { requireMembership, type Role } from "@switchyard/db";
import { AppError } from "@switchyard/errors";
import { decode } from "next-auth/jwt";
import { cookies } from "next/headers";
import { notFound, redirect } from "next/navigation";
import { db, getAuthOptions, redis } from "./services";

// next-auth's cookie names (the __Secure- one is used over https).
const sessionCookies = ["__Secure-next-auth.session-token", "next-auth.session-token"];

export interface SessionUser {
  id: string;
  email: string;
  name: string | null;
}

/**
 * Decodes the session JWT straight from its cookie: the same check getServerSession makes, without
 * running the whole next-auth request handler on every API call. A token from before the user last
 * signed out is no session (its version is old).
 */
export async function readSessionUser(): Promise<SessionUser | null> {
  const jar = await cookies();
  const token = sessionCookies.map((name) => jar.get(name)?.value).find(Boolean);
  if (!token) return null;
  const claims = await decode({ token, secret: getAuthOptions().secret! }).catch(() => null);
  if (!claims || typeof claims.uid !== "string" || typeof claims.email !== "string") return null;
  if (typeof claims.exp === "number" && claims.exp * 1000 < Date.now()) return null;
  if (!(await sessionIsCurrent(db(), redis(), claims))) return null;
  return { id: claims.uid, email: claims.email, name: typeof claims.name === "string" ? claims.name : null };
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
