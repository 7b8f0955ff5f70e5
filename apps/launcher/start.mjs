// `npm start`: one command from a fresh clone to a running platform. Installs what is missing, finds
// or starts PostgreSQL and Redis, applies migrations, builds the web app when its sources changed,
// then runs the web server and a worker until Ctrl+C.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { ensureInstalled, repoRoot } from "./ensure-install.mjs";
import { dataDir, loadSecret, startPostgres, startRedis } from "./services.mjs";

ensureInstalled();
const dir = dataDir(repoRoot);
const port = Number(process.env.PORT ?? 3000);
const postgres = await startPostgres(dir);
const redis = await startRedis(dir);
const env = {
  ...process.env,
  NODE_ENV: "production",
  NEXT_TELEMETRY_DISABLED: "1",
  TURBO_TELEMETRY_DISABLED: "1",
  DATABASE_URL: postgres.url,
  REDIS_URL: redis.url,
  SWITCHYARD_SECRET: loadSecret(dir),
  SWITCHYARD_URL: process.env.SWITCHYARD_URL ?? `http://localhost:${port}`,
  NEXTAUTH_URL: process.env.NEXTAUTH_URL ?? process.env.SWITCHYARD_URL ?? `http://localhost:${port}`,
  PORT: String(port),
};

const children = [];
let stopping = false;
async function stop(code = 0) {
  if (stopping) return;
  stopping = true;
  console.log("\n› stopping…");
  for (const child of children) child.kill("SIGTERM");
  await Promise.all(children.map((child) => new Promise((resolve) => (child.exitCode !== null ? resolve() : child.once("exit", resolve)))));
  await redis.stop();
  await postgres.stop();
  process.exit(code);
}
process.on("SIGINT", () => void stop(0));
process.on("SIGTERM", () => void stop(0));

function runStep(label, command, args, cwd = repoRoot) {
  console.log(`› ${label}…`);
  const result = spawnSync(command, args, { cwd, env, stdio: "inherit" });
  if (result.status !== 0) {
    console.error(`✖ ${label} failed`);
    void stop(1);
    return false;
  }
  return true;
}

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

if (!runStep("applying database migrations", process.execPath, ["--import", "tsx", "packages/db/scripts/migrate.ts"]))
  await new Promise(() => {});

const web = path.join(repoRoot, "apps/web");
const buildId = path.join(web, ".next/BUILD_ID");
const sources = [path.join(web, "src"), path.join(repoRoot, "packages"), path.join(web, "next.config.ts")];
if (!existsSync(buildId) || newestSourceTime(sources) > statSync(buildId).mtimeMs) {
  if (!runStep("building the web app (first run or changed sources; takes a minute)", "npx", ["next", "build"], web))
    await new Promise(() => {});
}

function launch(name, command, args, cwd) {
  const child = spawn(command, args, { cwd, env, stdio: ["ignore", "inherit", "inherit"] });
  child.once("exit", (code, signal) => {
    if (!stopping) {
      console.error(`✖ ${name} exited (${signal ?? code}); stopping everything`);
      void stop(1);
    }
  });
  children.push(child);
}

// the web app's own server (Next.js, plus the published endpoints served directly): see apps/web/server.ts
launch("web", process.execPath, ["--import", "tsx", "server.ts"], web);
if (existsSync(path.join(repoRoot, "apps/worker/src/main.ts")))
  launch("worker", process.execPath, ["--import", "tsx", "src/main.ts"], path.join(repoRoot, "apps/worker"));

const deadline = Date.now() + 60_000;
while (Date.now() < deadline && !stopping) {
  const ok = await fetch(`http://127.0.0.1:${port}/api/health`).then(
    (response) => response.ok,
    () => false,
  );
  if (ok) {
    console.log(`\n✔ Switchyard is running at ${env.SWITCHYARD_URL}  (Ctrl+C to stop)\n`);
    // without it client addresses are unknown and the per-address limits are off (see README, TRUST_PROXY)
    if (!process.env.TRUST_PROXY) console.log("  Behind a reverse proxy? Set TRUST_PROXY=1 so limits per client address apply.\n");
    break;
  }
  await new Promise((resolve) => setTimeout(resolve, 300));
}
