// next-auth configuration: email + password for everyone, GitHub and Google when their keys are set.
// Sessions are JWTs (signed with a key derived from SWITCHYARD_SECRET) so no request needs a session
// lookup; OAuth accounts are linked to users through the Prisma adapter.
import { PrismaAdapter } from "@next-auth/prisma-adapter";
import { deriveKey, type ServerEnv } from "@switchyard/config";
import { createUserWithWorkspace, findUserByEmail, type Db } from "@switchyard/db";
import { isAppError } from "@switchyard/errors";
import type { Cluster, Redis } from "ioredis";
import type { Adapter, AdapterUser } from "next-auth/adapters";
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import GitHubProvider from "next-auth/providers/github";
import GoogleProvider from "next-auth/providers/google";
import { clientAddress } from "./client-address";
import { signInSchema } from "./credentials";
import { checkLoginAllowed, clearAccountFailures, recordFailedLogin } from "./login-limits";
import { verifyPassword } from "./password";
import { sameOriginRedirect } from "./redirect";
import { currentSessionVersion, revokeSessions, sessionIsCurrent } from "./session-version";

export function buildAuthOptions(deps: { db: Db; redis: Redis | Cluster; env: ServerEnv }): NextAuthOptions {
  const { db, redis, env } = deps;
  const adapter = PrismaAdapter(db as never) as Adapter;
  // A personal workspace comes with every account, including ones created through OAuth.
  adapter.createUser = async (user: AdapterUser) => {
    const { user: created } = await createUserWithWorkspace(db, { email: user.email, name: user.name ?? undefined });
    return { ...created, email: created.email, emailVerified: created.emailVerified };
  };

  const providers: NextAuthOptions["providers"] = [
    CredentialsProvider({
      name: "Email",
      credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
      async authorize(raw, request) {
        const parsed = signInSchema.safeParse(raw);
        if (!parsed.success) throw new Error("Enter your email and password");
        const { email, password } = parsed.data;
        const ip = clientAddress(request?.headers, env.TRUST_PROXY);
        try {
          const delayMs = await checkLoginAllowed(redis, ip, email);
          if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
        } catch (error) {
          if (isAppError(error)) throw new Error(error.message);
          throw new Error("Sign-in is unavailable right now; try again shortly");
        }
        const user = await findUserByEmail(db, email);
        if (!(await verifyPassword(user?.passwordHash, password)) || !user) {
          await recordFailedLogin(redis, ip, email);
          throw new Error("Wrong email or password");
        }
        await clearAccountFailures(redis, ip, email);
        return { id: user.id, email: user.email, name: user.name };
      },
    }),
  ];
  if (env.GITHUB_ID && env.GITHUB_SECRET) providers.push(GitHubProvider({ clientId: env.GITHUB_ID, clientSecret: env.GITHUB_SECRET }));
  if (env.GOOGLE_ID && env.GOOGLE_SECRET) providers.push(GoogleProvider({ clientId: env.GOOGLE_ID, clientSecret: env.GOOGLE_SECRET }));

  return {
    adapter,
    providers,
    secret: deriveKey(env.SWITCHYARD_SECRET, "session-signing").toString("base64url"),
    session: { strategy: "jwt", maxAge: 30 * 24 * 60 * 60 },
    pages: { signIn: "/login", error: "/login" },
    events: {
      // signing out ends this session and every other one of the user (see session-version.ts)
      async signOut({ token }) {
        if (typeof token?.uid === "string") await revokeSessions(db, redis, token.uid);
      },
    },
    callbacks: {
      // callbackUrl comes from the query string or a cookie a same-host page can write
      redirect: ({ url, baseUrl }) => sameOriginRedirect(url, baseUrl),
      async jwt({ token, user }) {
        if (user) {
          token.uid = user.id;
          token.sv = (await currentSessionVersion(db, redis, user.id)) ?? 0;
        } else if (!(await sessionIsCurrent(db, redis, token))) {
          // next-auth answers a failing session check by clearing the session cookie
          throw new Error("This session has been signed out");
        }
        return token;
      },
      session({ session, token }) {
        if (session.user && typeof token.uid === "string") (session.user as { id?: string }).id = token.uid;
        return session;
      },
    },
  };
}

export const enabledOAuthProviders = (env: ServerEnv) =>
  [env.GITHUB_ID && env.GITHUB_SECRET ? "github" : null, env.GOOGLE_ID && env.GOOGLE_SECRET ? "google" : null].filter(
    (name): name is "github" | "google" => name !== null,
  );
