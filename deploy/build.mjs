// `npm run build`: the production tree in dist/, runnable with plain `node` (no tsx, turbo, TypeScript or
// dev dependencies). Next.js's standalone output gives the web app and the node_modules files it needs;
// esbuild compiles the web server (server.ts), the worker and the migrations runner to JavaScript, and
// the files those import from node_modules are traced and added. `--skip-next` reuses the last `next build`.
//   dist/switchyard.mjs web | worker | migrate | serve | health     (see deploy/switchyard.mjs)
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { bundleEntries } from "./bundle.mjs";
import { copyTracedFiles } from "./trace.mjs";

const root = path.resolve(import.meta.dirname, "..");
const web = path.join(root, "apps/web");
const dist = path.join(root, "dist");
const began = performance.now();

function run(label, command, args, cwd = root) {
  console.log(`› ${label}`);
  const result = spawnSync(command, args, { cwd, stdio: "inherit", env: { NEXT_TELEMETRY_DISABLED: "1", ...process.env } });
  if (result.status !== 0) {
    console.error(`✖ ${label} failed (exit ${result.status ?? result.signal})`);
    process.exit(result.status ?? 1);
  }
}

if (!existsSync(path.join(root, "packages/db/src/generated/prisma/client.ts")))
  run("generating the database client", "npm", ["run", "--silent", "generate", "-w", "@switchyard/db"]);
// next's own entry, not npx, so a signal reaches the build itself; it also builds public/widget.js
if (!process.argv.includes("--skip-next"))
  run("next build", process.execPath, [path.join(root, "node_modules/next/dist/bin/next"), "build"], web);

const standalone = path.join(web, ".next/standalone");
if (!existsSync(path.join(standalone, "apps/web/.next")))
  throw new Error('apps/web/.next/standalone is missing: is `output: "standalone"` still set in next.config.ts?');

console.log("› assembling dist/");
rmSync(dist, { recursive: true, force: true });
cpSync(standalone, dist, { recursive: true, verbatimSymlinks: true });
// Next's own server.js is replaced by ours (server.mjs), which also serves the published endpoints
rmSync(path.join(dist, "apps/web/server.js"));
// what `next start` serves from the source tree, the standalone output leaves to us
cpSync(path.join(web, ".next/static"), path.join(dist, "apps/web/.next/static"), { recursive: true });
cpSync(path.join(web, "public"), path.join(dist, "apps/web/public"), { recursive: true });
cpSync(path.join(root, "prisma/migrations"), path.join(dist, "prisma/migrations"), { recursive: true });
cpSync(path.join(import.meta.dirname, "switchyard.mjs"), path.join(dist, "switchyard.mjs"));
writeFileSync(path.join(dist, "package.json"), JSON.stringify({ name: "switchyard-dist", private: true, type: "module" }, null, 2) + "\n");

// compiled into a staging folder inside the repository, so tracing resolves their imports from the
// repository's node_modules, then moved into dist/ with the files they need
const staging = path.join(root, ".build");
rmSync(staging, { recursive: true, force: true });
const outputs = await bundleEntries(root, staging);
const added = await copyTracedFiles(root, dist, outputs);
cpSync(staging, dist, { recursive: true });
rmSync(staging, { recursive: true, force: true });
console.log(`  compiled ${outputs.map((file) => path.relative(staging, file)).join(", ")}; added ${added} files and packages they import`);
console.log(`✔ dist/ ready in ${((performance.now() - began) / 1000).toFixed(1)} s: node dist/switchyard.mjs serve`);
