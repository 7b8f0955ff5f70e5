// Liveness: the process answers. (Readiness, with PostgreSQL and Redis, is /api/health.)
export const dynamic = "force-dynamic";

export function GET() {
  return new Response("ok", { headers: { "content-type": "text/plain" } });
}
