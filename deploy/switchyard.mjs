#!/usr/bin/env node
// The production entry point, copied to dist/switchyard.mjs by `npm run build` and the image's command:
//   web      the web app (Next.js and the published endpoints) on PORT
//   worker   a worker on the run, eval, ingestion and router-training queues
//   migrate  applies pending database migrations once (under a lock: replicas may race) and exits
//   serve    web and one worker as child processes, for a single machine (`npm run start:prod`)
//   health   exits 0 when this container's web app (PORT) or worker (WORKER_HEALTH_PORT) answers its
//            liveness check: the image's HEALTHCHECK
// Plain JavaScript over the compiled files beside it: no TypeScript, tsx or build step at run time.
import { spawn } from "node:child_process";
import path from "node:path";

const here = import.meta.dirname;
const [command = "", ...rest] = process.argv.slice(2);
// React and Next.js choose their production builds from it as they load
process.env.NODE_ENV ??= "production";
process.env.NEXT_TELEMETRY_DISABLED ??= "1";
process.env.SWITCHYARD_MIGRATIONS_DIR ??= path.join(here, "prisma/migrations");

async function health() {
  // a worker container sets WORKER_HEALTH_PORT (its probes' port); a web container answers on PORT
  const port = process.env.WORKER_HEALTH_PORT ?? process.env.PORT ?? "3000";
  const response = await fetch(`http://127.0.0.1:${port}/api/health/live`, { signal: AbortSignal.timeout(4_000) }).catch(() => undefined);
  process.exit(response?.ok ? 0 : 1);
}

/** web + worker as children; a signal goes to both, and either one exiting stops the other. */
function serve() {
  const children = ["web", "worker"].map((role) =>
    spawn(process.execPath, [path.join(here, "switchyard.mjs"), role], { stdio: "inherit" }),
  );
  let exitCode = 0;
  let stopping = false;
  const stop = (signal) => {
    if (stopping) return;
    stopping = true;
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill(signal);
  };
  for (const signal of ["SIGTERM", "SIGINT"]) process.on(signal, () => stop(signal));
  for (const child of children)
    child.once("exit", (code, signal) => {
      if (!stopping) exitCode = code || (signal ? 1 : 0) || 1; // one stopped on its own: that is a failure
      stop("SIGTERM");
      if (children.every((each) => each.exitCode !== null || each.signalCode !== null)) process.exit(exitCode);
    });
}

const commands = {
  // the environment module first: the server bundle's own imports (next/headers…) load before its body
  web: () => import("./apps/web/server-environment.mjs").then(() => import("./apps/web/server.mjs")),
  worker: () => import("./apps/worker/main.mjs"),
  migrate: () => import("./packages/db/migrate.mjs"),
  serve,
  health,
};

if (!Object.hasOwn(commands, command)) {
  console.error(`usage: switchyard <${Object.keys(commands).join(" | ")}>${command ? `\nunknown command: ${command}` : ""}`);
  process.exit(2);
}
if (rest.length) console.warn(`ignoring arguments: ${rest.join(" ")}`);
await commands[command]();
