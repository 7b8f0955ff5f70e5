// `npm test`: every check, in the order that fails fastest. Installs what is missing first.
// Needs PostgreSQL (TEST_DATABASE_ADMIN_URL, default postgresql://postgres@127.0.0.1:5432/postgres)
// and Redis (REDIS_URL, default redis://127.0.0.1:6379); each run uses its own database and Redis
// key namespace, so runs never see each other's data.
import { spawnSync } from "node:child_process";
import net from "node:net";
import path from "node:path";
import { ensureInstalled, repoRoot } from "../apps/launcher/ensure-install.mjs";

const env = { ...process.env, NEXT_TELEMETRY_DISABLED: "1", TURBO_TELEMETRY_DISABLED: "1", FORCE_COLOR: process.env.CI ? "0" : "1" };
const only = process.argv.slice(2);

function reachable(url, fallbackPort) {
  const parsed = new URL(url);
  return new Promise((resolve) => {
    const socket = net.connect({ host: parsed.hostname || "127.0.0.1", port: Number(parsed.port || fallbackPort) });
    const done = (ok) => (socket.destroy(), resolve(ok));
    socket.setTimeout(1_000, () => done(false));
    socket.once("connect", () => done(true));
    socket.once("error", () => done(false));
  });
}

ensureInstalled();
const postgresUrl = env.TEST_DATABASE_ADMIN_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
const redisUrl = env.REDIS_URL ?? "redis://127.0.0.1:6379";
const missing = [];
if (!(await reachable(postgresUrl, 5432))) missing.push(`PostgreSQL at ${postgresUrl} (set TEST_DATABASE_ADMIN_URL)`);
if (!(await reachable(redisUrl, 6379))) missing.push(`Redis at ${redisUrl} (set REDIS_URL)`);
if (missing.length) {
  console.error(`✖ the tests need running services:\n  ${missing.join("\n  ")}\n  (docker compose up -d postgres redis starts both)`);
  process.exit(1);
}

const bin = (name) => path.join(repoRoot, "node_modules/.bin", name);
const steps = [
  ["typecheck", bin("turbo"), ["run", "typecheck", "--output-logs=errors-only"]],
  ["lint", bin("eslint"), ["-c", "packages/tooling/eslint.config.js", "--max-warnings", "0", "."]],
  ["format", bin("prettier"), ["--check", "--log-level", "warn", "."]],
  // dependencies each package uses but does not declare, or declares but does not use, and exports nobody imports
  ["deps", bin("knip"), ["--no-progress"]],
  ["unit", bin("vitest"), ["run", "--config", "test/vitest.config.ts", "--project", "unit"]],
  ["integration", bin("vitest"), ["run", "--config", "test/vitest.config.ts", "--project", "integration"]],
  // `npm run build`: next build, then the production tree in dist/ (compiled server, worker, migrate)
  ["build", process.execPath, ["deploy/build.mjs"]],
  // that tree copied out of the repository and run with plain node, as the image runs it: migrate
  // races, then sign up → run → publish → widget and /v1
  ["artifacts", bin("vitest"), ["run", "--config", "test/vitest.config.ts", "--project", "artifacts"]],
  // the built platform under faults: private Redis/PostgreSQL restarts, killed workers, fuzzing
  ["chaos", bin("vitest"), ["run", "--config", "test/vitest.config.ts", "--project", "chaos"]],
  ["e2e", bin("playwright"), ["test", "-c", "test/e2e/playwright.config.ts"]],
];

const timings = [];
for (const [name, command, args, cwd = repoRoot] of steps) {
  if (only.length && !only.includes(name)) continue;
  console.log(`\n━━ ${name} ━━`);
  const started = Date.now();
  const result = spawnSync(command, args, { cwd, env, stdio: "inherit" });
  timings.push(`${name} ${((Date.now() - started) / 1000).toFixed(1)}s`);
  if (result.status !== 0) {
    console.error(`\n✖ ${name} failed (${timings.join(", ")})`);
    process.exit(result.status ?? 1);
  }
}
console.log(`\n✔ all checks passed (${timings.join(", ")})`);
