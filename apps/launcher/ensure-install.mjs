// Installs dependencies when they are missing, so a fresh clone needs only `npm start` or `npm test`.
// Plain JavaScript with no imports beyond Node: it runs before anything is installed.
import { spawnSync } from "node:child_process";
import { existsSync, statSync } from "node:fs";
import path from "node:path";

export const repoRoot = path.resolve(import.meta.dirname, "../..");

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { cwd: repoRoot, stdio: "inherit", ...options });
  if (result.status !== 0) {
    console.error(`\n✖ ${command} ${args.join(" ")} failed (exit ${result.status ?? result.signal})`);
    process.exit(result.status ?? 1);
  }
}

export function ensureInstalled() {
  const marker = path.join(repoRoot, "node_modules/.package-lock.json");
  const lock = path.join(repoRoot, "package-lock.json");
  const stale = !existsSync(marker) || (existsSync(lock) && statSync(lock).mtimeMs > statSync(marker).mtimeMs + 1000);
  if (stale) {
    console.log("› installing dependencies (first run)…");
    run("npm", [existsSync(lock) ? "ci" : "install", "--no-audit", "--no-fund"]);
  }
  const client = path.join(repoRoot, "packages/db/src/generated/prisma/client.ts");
  const schema = path.join(repoRoot, "prisma/schema.prisma");
  if (!existsSync(client) || statSync(schema).mtimeMs > statSync(client).mtimeMs) {
    console.log("› generating the database client…");
    run("npm", ["run", "--silent", "generate", "-w", "@switchyard/db"]);
  }
}
