// Generates the Prisma client. The client is TypeScript + WASM and needs no native engine, but the
// CLI still tries to download the schema engine unless one is named; on machines without access to
// Prisma's binary host, point it at a placeholder (it is never executed by `generate`).
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";

const env = { ...process.env, PRISMA_HIDE_UPDATE_MESSAGE: "1", CHECKPOINT_DISABLE: "1" };
if (!env.PRISMA_SCHEMA_ENGINE_BINARY) {
  const bundled = new URL("../../../node_modules/@prisma/engines/", import.meta.url);
  const hasEngine = existsSync(bundled) && spawnSync("sh", ["-c", `ls ${bundled.pathname} | grep -q schema-engine`]).status === 0;
  if (!hasEngine) env.PRISMA_SCHEMA_ENGINE_BINARY = process.execPath;
}
const result = spawnSync("npx", ["prisma", "generate"], { stdio: "inherit", env });
process.exit(result.status ?? 1);
