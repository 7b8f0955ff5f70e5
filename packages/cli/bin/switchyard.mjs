#!/usr/bin/env node
// `npx switchyard …`: the CLI is TypeScript, run through tsx (a dependency), so it needs no build step.
//   switchyard eval …     gate CI on an eval run (src/main.ts)
//   switchyard migrate    apply pending database migrations to DATABASE_URL (the production image has
//                         the same command: dist/switchyard.mjs migrate)
import { register } from "tsx/esm/api";

register();
if (process.argv[2] === "migrate") await import("@switchyard/db/migrate");
else {
  const { main } = await import("../src/main.ts");
  process.exitCode = await main(process.argv.slice(2));
}
