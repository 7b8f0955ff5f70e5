// Readiness: 200 when PostgreSQL and Redis both answer and the process is not shutting down, 503
// otherwise (a load balancer or Kubernetes then sends traffic elsewhere). Liveness is /api/health/live:
// it does not touch either service, so an outage of theirs does not get healthy web processes restarted.
import { db, redis } from "@/server/services";
import { isDraining } from "@/server/draining";

export const dynamic = "force-dynamic";

const CHECK_TIMEOUT_MS = 2_000;

/** A check that does not answer in time is down: a hung connection must not hang the probe. */
function withTimeout(check: Promise<unknown>): Promise<unknown> {
  return Promise.race([check, new Promise((_, reject) => setTimeout(() => reject(new Error("timeout")), CHECK_TIMEOUT_MS).unref())]);
}

export async function GET() {
  const checks = await Promise.allSettled([withTimeout(db().$queryRaw`SELECT 1`), withTimeout(redis().ping())]);
  const [postgres, cache] = checks.map((check) => (check.status === "fulfilled" ? "ok" : "down"));
  const draining = isDraining();
  const healthy = postgres === "ok" && cache === "ok" && !draining;
  const status = draining ? "draining" : healthy ? "ok" : "degraded";
  return Response.json({ status, postgres, redis: cache }, { status: healthy ? 200 : 503 });
}
