// Liveness and readiness: answers 200 when PostgreSQL and Redis both answer, 503 otherwise.
import { db, redis } from "@/server/services";

export const dynamic = "force-dynamic";

export async function GET() {
  const checks = await Promise.allSettled([db().$queryRaw`SELECT 1`, redis().ping()]);
  const [postgres, cache] = checks.map((check) => (check.status === "fulfilled" ? "ok" : "down"));
  const healthy = postgres === "ok" && cache === "ok";
  return Response.json({ status: healthy ? "ok" : "degraded", postgres, redis: cache }, { status: healthy ? 200 : 503 });
}
