// The worker's probes, over HTTP on WORKER_HEALTH_PORT when it is set (containers, Kubernetes):
//   /live   200 while the process's event loop answers (a restart would not help otherwise)
//   /ready  200 when PostgreSQL and Redis answer and the worker is not shutting down, else 503
// The worker takes its jobs from Redis, not from a Service, so readiness only reports; it routes nothing.
import { createServer, type Server } from "node:http";

const CHECK_TIMEOUT_MS = 2_000;

export interface HealthChecks {
  postgres: () => Promise<unknown>;
  redis: () => Promise<unknown>;
  stopping: () => boolean;
}

async function answered(check: () => Promise<unknown>): Promise<"ok" | "down"> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise((_, reject) => (timer = setTimeout(() => reject(new Error("timeout")), CHECK_TIMEOUT_MS)));
  try {
    await Promise.race([check(), timeout]);
    return "ok";
  } catch {
    return "down";
  } finally {
    clearTimeout(timer);
  }
}

export function startHealthServer(port: number, hostname: string, checks: HealthChecks): Promise<Server> {
  const server = createServer((req, res) => {
    const path = (req.url ?? "/").split("?", 1)[0];
    if (path === "/live" || path === "/api/health/live") return void res.writeHead(200, { "content-type": "text/plain" }).end("ok");
    if (path !== "/ready" && path !== "/api/health") return void res.writeHead(404).end();
    void Promise.all([answered(checks.postgres), answered(checks.redis)]).then(([postgres, redis]) => {
      const stopping = checks.stopping();
      const healthy = postgres === "ok" && redis === "ok" && !stopping;
      const status = stopping ? "draining" : healthy ? "ok" : "degraded";
      res.writeHead(healthy ? 200 : 503, { "content-type": "application/json" }).end(JSON.stringify({ status, postgres, redis }));
    });
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, hostname, () => resolve(server));
  });
}
