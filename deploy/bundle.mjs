// Compiles the process entry points to JavaScript with esbuild. Our packages ship TypeScript source, so
// they are bundled in; everything from node_modules stays an import (trace.mjs copies what they need).
import { cpSync } from "node:fs";
import path from "node:path";
import { build } from "esbuild";

/** Entry (from the repository root) → output (inside dist/). */
export const entries = [
  // first: it sets the process up before Next.js loads, so it stays a module of its own (see below)
  ["apps/web/server-environment.ts", "apps/web/server-environment.mjs"],
  ["apps/web/server.ts", "apps/web/server.mjs"],
  ["apps/worker/src/main.ts", "apps/worker/main.mjs"],
  // worker threads, found beside the bundle that starts them (`new URL("./….mjs", import.meta.url)`)
  ["packages/runner/src/router-training-thread.ts", "apps/worker/router-training-thread.mjs"],
  ["packages/db/scripts/migrate.ts", "packages/db/migrate.mjs"],
];

const ownCode = /^(@switchyard\/|@\/|\.{0,2}\/)/;

const keepDependenciesExternal = {
  name: "keep-dependencies-external",
  setup(build) {
    // server.ts imports it first so it runs before Next.js loads; bundled, it would run after every
    // external import (esbuild hoists them), so it stays a separate module imported first
    build.onResolve({ filter: /^\.\/server-environment$/ }, () => ({ path: "./server-environment.mjs", external: true }));
    build.onResolve({ filter: /.*/ }, (args) => {
      if (args.kind === "entry-point" || ownCode.test(args.path) || args.path.startsWith("node:")) return undefined;
      return { path: args.path, external: true };
    });
  },
};

/** Plain JavaScript worker-thread entries, copied as they are beside the bundle that starts them. */
export const copied = [["packages/sandbox/src/quickjs-worker.mjs", "apps/worker/quickjs-worker.mjs"]];

/** Builds every entry into `dist`; returns the output files. */
export async function bundleEntries(root, dist) {
  const outputs = [];
  for (const [entry, output] of entries) {
    const outfile = path.join(dist, output);
    await build({
      entryPoints: [path.join(root, entry)],
      outfile,
      bundle: true,
      platform: "node",
      format: "esm",
      target: "node20",
      sourcemap: "linked",
      // tsconfig paths (the web app's `@/…`) resolve as in the source
      tsconfig: path.join(root, path.dirname(entry).split("/").slice(0, 2).join("/"), "tsconfig.json"),
      plugins: [keepDependenciesExternal],
      logLevel: "warning",
    });
    outputs.push(outfile);
  }
  for (const [source, output] of copied) {
    cpSync(path.join(root, source), path.join(dist, output));
    outputs.push(path.join(dist, output));
  }
  return outputs;
}
