// Brings up the real platform for a benchmark: a fresh migrated database, its own Redis namespace,
// the provider fixture, worker processes and (optionally) the built web app.
import { randomBytes } from "node:crypto";
import { startProviderFixture, type FixtureOptions } from "../../test/fixtures/providers/server";
import { createMigratedDatabase } from "../../test/support/database";
import { dropRedisNamespace } from "../../test/support/redis-namespace";
import { startWeb, startWorker, type PlatformProcess } from "../../test/support/platform";

export async function startBenchPlatform(options: {
  fixture?: FixtureOptions;
  workers?: number;
  web?: boolean;
  workerEnv?: Record<string, string>;
  workerNodeArgs?: string[];
  /** The web app's port (each engineer has a range of their own); random in 3300–3799 otherwise. */
  port?: number;
  webEnv?: Record<string, string>;
  webNodeArgs?: string[];
}) {
  const database = await createMigratedDatabase("bench");
  Object.assign(process.env, {
    DATABASE_URL: database.url,
    REDIS_URL: process.env.REDIS_URL ?? "redis://127.0.0.1:6379",
    REDIS_KEY_PREFIX: `sy-bench-${randomBytes(4).toString("hex")}:`,
    SWITCHYARD_SECRET: randomBytes(32).toString("base64url"),
  });
  const fixture = await startProviderFixture(options.fixture);
  const workers: PlatformProcess[] = [];
  const addWorker = async () => {
    const worker = await startWorker(options.workerEnv, options.workerNodeArgs);
    workers.push(worker);
    return worker;
  };
  for (let index = 0; index < (options.workers ?? 1); index++) await addWorker();
  const port = options.port ?? 3300 + Math.floor(Math.random() * 500);
  let web: PlatformProcess | undefined;
  if (options.web) {
    process.env.SWITCHYARD_URL = process.env.NEXTAUTH_URL = `http://127.0.0.1:${port}`;
    web = await startWeb(port, options.webEnv, options.webNodeArgs);
  }
  return {
    fixture,
    baseUrl: `http://127.0.0.1:${port}`,
    databaseUrl: database.url,
    /** The worker processes started so far (chaos runs kill some and add others). */
    workers,
    addWorker,
    web,
    stop: async () => {
      await Promise.all([...workers, ...(web ? [web] : [])].map((child) => child.stop()));
      await fixture.close();
      await database.drop();
      await dropRedisNamespace(process.env.REDIS_URL!, process.env.REDIS_KEY_PREFIX!);
    },
  };
}

/** Signs up and signs in through the HTTP API; returns the session cookie header and workspace id. */
export async function signInOverHttp(baseUrl: string) {
  const account = { name: "Bench", email: `bench-${randomBytes(4).toString("hex")}@example.com`, password: "benchmark password" };
  const signup = await fetch(`${baseUrl}/api/signup`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(account),
  });
  const { workspaceId } = (await signup.json()) as { workspaceId: string };
  const csrf = await fetch(`${baseUrl}/api/auth/csrf`);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const csrfCookie = csrf.headers
    .getSetCookie()
    .map((cookie) => cookie.split(";")[0])
    .join("; ");
  const login = await fetch(`${baseUrl}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    // a cookie-authenticated write must name the app's origin, as a browser would (docs/security.md)
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: csrfCookie, origin: baseUrl },
    body: new URLSearchParams({ email: account.email, password: account.password, csrfToken, json: "true" }),
  });
  const session = login.headers.getSetCookie().find((cookie) => cookie.startsWith("next-auth.session-token="));
  if (!session) throw new Error("could not sign in");
  return { cookie: session.split(";")[0]!, workspaceId };
}
