// `npm start`: one command from a fresh clone to a running platform. Installs what is missing, checks
// the ports it needs, finds or starts PostgreSQL and Redis, applies migrations, builds the web app when
// its sources changed, then runs the web server and a worker until Ctrl+C. Any failure names its step
// and the failing child's last lines; a signal in any phase stops everything that was started.
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { describeFailure, runStep, spawnTracked, stopChildren, StepFailure } from "./children.mjs";
import { heapArgs } from "./heap.mjs";
import { ensureInstalled, repoRoot } from "./ensure-install.mjs";
import { busyPorts, launcherUsingDataDir, registerLauncher } from "./ports.mjs";
import { dataDir, embeddedPostgres, loadSecret, planServices, spawnedRedis } from "./services.mjs";

ensureInstalled();
const dir = dataDir(repoRoot);
const port = Number(process.env.PORT ?? 3000);
const webHost = process.env.WEB_HOSTNAME ?? "0.0.0.0";
const plan = await planServices();
const postgres = plan.postgres.kind === "embedded" ? embeddedPostgres(dir, plan.postgres.port) : undefined;
const redis = plan.redis.kind === "spawn" ? spawnedRedis(dir, plan.redis.port) : undefined;

let stopping = false;
let unregister = () => {};
let postgresStarting = Promise.resolve();
async function stop(code) {
  if (stopping) return;
  stopping = true;
  if (code === 0) console.log("\n› stopping…");
  await stopChildren();
  await redis?.stop();
  await postgresStarting.catch(() => {}); // an initdb or start under way finishes before its server stops
  await postgres?.stop();
  unregister();
  process.exit(code);
}
process.on("SIGINT", () => void stop(0));
process.on("SIGTERM", () => void stop(0));
process.on("SIGHUP", () => void stop(0));
function fail(error) {
  if (stopping) return;
  console.error(`\n${describeFailure(error)}\n`);
  void stop(1);
}
process.on("unhandledRejection", fail);

function newestSourceTime(dirs) {
  let newest = 0;
  const walk = (current) => {
    for (const entry of readdirSync(current, { withFileTypes: true })) {
      if (entry.name === "node_modules" || entry.name === ".next" || entry.name === "generated") continue;
      const full = path.join(current, entry.name);
      if (entry.isDirectory()) walk(full);
      else newest = Math.max(newest, statSync(full).mtimeMs);
    }
  };
  for (const current of dirs) {
    if (!existsSync(current)) continue;
    if (statSync(current).isDirectory()) walk(current);
    else newest = Math.max(newest, statSync(current).mtimeMs);
  }
  return newest;
}

/** Before anything starts: this data folder free, and every port we will listen on free. */
async function checkPreconditions() {
  const other = launcherUsingDataDir(dir);
  if (other)
    throw new StepFailure(
      "checking the data folder",
      `${dir} is in use by another npm start (pid ${other.pid})`,
      [],
      "Stop that one first, or set SWITCHYARD_DATA_DIR to another folder.",
    );
  const needed = [{ port, host: webHost, purpose: "the web app", variable: "PORT" }];
  if (plan.postgres.kind === "embedded")
    needed.push({
      port: plan.postgres.port,
      host: "127.0.0.1",
      purpose: "embedded PostgreSQL",
      variable: "SWITCHYARD_PG_PORT (or DATABASE_URL)",
    });
  if (plan.redis.kind === "spawn")
    needed.push({
      port: plan.redis.port,
      host: "127.0.0.1",
      purpose: "the spawned redis-server",
      variable: "SWITCHYARD_REDIS_PORT (or REDIS_URL)",
    });
  const busy = await busyPorts(needed);
  if (busy.length) throw new StepFailure("checking ports", busy.join("\n  "));
  unregister = registerLauncher(dir, Object.fromEntries(needed.map((entry) => [entry.purpose, entry.port])));
}

function launch(name, command, args, cwd, env, phase) {
  const child = spawnTracked(command, args, { cwd, env });
  child.once("exit", (code, signal) => {
    const lines = child.lastLines();
    const hint = lines.some((line) => line.includes("EADDRINUSE")) ? `Port ${port} is in use: set PORT to use another.` : "";
    fail(new StepFailure(name, `exited with ${signal ?? `code ${code}`} while ${phase()}`, lines, hint));
  });
  return child;
}

async function main() {
  await checkPreconditions();
  if (postgres) {
    postgresStarting = postgres.start();
    await postgresStarting;
  }
  await redis?.start();
  const env = {
    ...process.env,
    NODE_ENV: "production",
    NEXT_TELEMETRY_DISABLED: "1",
    TURBO_TELEMETRY_DISABLED: "1",
    DATABASE_URL: postgres?.url ?? plan.postgres.url,
    REDIS_URL: redis?.url ?? plan.redis.url,
    SWITCHYARD_SECRET: loadSecret(dir),
    SWITCHYARD_URL: process.env.SWITCHYARD_URL ?? `http://localhost:${port}`,
    NEXTAUTH_URL: process.env.NEXTAUTH_URL ?? process.env.SWITCHYARD_URL ?? `http://localhost:${port}`,
    PORT: String(port),
  };
  if (stopping) return;
  await runStep("applying database migrations", process.execPath, ["--import", "tsx", "packages/db/scripts/migrate.ts"], {
    cwd: repoRoot,
    env,
  });

  const web = path.join(repoRoot, "apps/web");
  const buildId = path.join(web, ".next/BUILD_ID");
  const sources = [path.join(web, "src"), path.join(repoRoot, "packages"), path.join(web, "next.config.ts")];
  if (!stopping && (!existsSync(buildId) || newestSourceTime(sources) > statSync(buildId).mtimeMs))
    // next's own entry, not npx, so a signal reaches the build itself
    await runStep(
      "building the web app (first run or changed sources; takes a minute)",
      process.execPath,
      [path.join(repoRoot, "node_modules/next/dist/bin/next"), "build"],
      {
        cwd: web,
        env,
      },
    );
  if (stopping) return;

  let phase = "starting";
  const describePhase = () => phase;
  // the web app's own server (Next.js, plus the published endpoints served directly): see apps/web/server.ts
  launch("the web app", process.execPath, [...heapArgs("web"), "--import", "tsx", "server.ts"], web, env, describePhase);
  if (existsSync(path.join(repoRoot, "apps/worker/src/main.ts")))
    launch(
      "the worker",
      process.execPath,
      [...heapArgs("worker"), "--import", "tsx", "src/main.ts"],
      path.join(repoRoot, "apps/worker"),
      env,
      describePhase,
    );

  const deadline = Date.now() + 60_000;
  while (!stopping) {
    const ok = await fetch(`http://127.0.0.1:${port}/api/health`).then(
      (response) => response.ok,
      () => false,
    );
    if (ok) break;
    if (Date.now() > deadline) throw new StepFailure("waiting for the web app", `no answer on port ${port} after 60 s`);
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  if (stopping) return;
  phase = "running";
  console.log(`\n✔ Switchyard is running at ${env.SWITCHYARD_URL}  (Ctrl+C to stop)\n`);
  // without it client addresses are unknown and the per-address limits are off (see README, TRUST_PROXY)
  if (!process.env.TRUST_PROXY) console.log("  Behind a reverse proxy? Set TRUST_PROXY=1 so limits per client address apply.\n");
}

main().catch(fail);
