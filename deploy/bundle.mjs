// Compiles the process entry points to JavaScript with esbuild. Our packages ship TypeScript source, so
// they are bundled in; dependencies from the root node_modules stay imports (trace.mjs copies the files
// they need). A dependency one of our packages pins to its own version (packages/net's undici) is
// bundled in too: dist/ has one node_modules, where the root's version would answer instead.
import { cpSync, existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { build } from "esbuild";

/** Entry (from the repository root) → output (inside dist/). */
export const entries = [
  // server.ts imports it first so it runs before Next.js loads; a module of its own (see switchyard.mjs)
  ["apps/web/server-environment.ts", "apps/web/server-environment.mjs"],
  ["apps/web/server.ts", "apps/web/server.mjs"],
  ["apps/worker/src/main.ts", "apps/worker/main.mjs"],
  // worker threads, found beside the bundle that starts them (`new URL("./….mjs", import.meta.url)`)
  ["packages/runner/src/router-training-thread.ts", "apps/worker/router-training-thread.mjs"],
  ["packages/db/scripts/migrate.ts", "packages/db/migrate.mjs"],
];

/** Plain JavaScript worker-thread entries, copied as they are beside the bundle that starts them. */
export const copied = [["packages/sandbox/src/quickjs-worker.mjs", "apps/worker/quickjs-worker.mjs"]];

const ownCode = /^(@switchyard\/|@\/|\.{0,2}\/)/;

/**
 * `next/headers` resolves for bundlers and tsx, not for Node's ES module loader: a package without an
 * `exports` map needs the file's extension in a subpath import.
 */
function nodeSpecifier(root, name, specifier) {
  if (specifier === name) return specifier;
  const manifest = path.join(root, "node_modules", name, "package.json");
  if (!existsSync(manifest) || JSON.parse(readFileSync(manifest, "utf8")).exports) return specifier;
  return !path.extname(specifier) && existsSync(path.join(root, "node_modules", `${specifier}.js`)) ? `${specifier}.js` : specifier;
}

function dependencies(root) {
  return {
    name: "dependencies-stay-imports",
    setup(build) {
      build.onResolve({ filter: /^\.\/server-environment$/ }, () => ({ path: "./server-environment.mjs", external: true }));
      build.onResolve({ filter: /.*/ }, (args) => {
        if (args.kind === "entry-point" || ownCode.test(args.path) || args.path.startsWith("node:")) return undefined;
        const name = args.path.startsWith("@") ? args.path.split("/").slice(0, 2).join("/") : args.path.split("/")[0];
        const ownPackage = /^(.*\/packages\/[^/]+)\//.exec(args.importer)?.[1];
        if (ownPackage && existsSync(path.join(ownPackage, "node_modules", name))) return undefined; // pinned: bundle it
        if (args.importer.includes(`${root}/packages/`) && args.importer.includes("/node_modules/")) return undefined; // inside one
        return { path: nodeSpecifier(root, name, args.path), external: true };
      });
    },
  };
}

/** Builds every entry into `outDir`; returns the output files. */
export async function bundleEntries(root, outDir) {
  const outputs = [];
  for (const [entry, output] of entries) {
    const outfile = path.join(outDir, output);
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
      plugins: [dependencies(root)],
      // a bundled CommonJS dependency (undici) calls require() for Node's own modules
      banner: {
        js: 'import { createRequire as __switchyardRequire } from "node:module"; const require = __switchyardRequire(import.meta.url);',
      },
      logLevel: "warning",
    });
    outputs.push(outfile);
  }
  for (const [source, output] of copied) {
    cpSync(path.join(root, source), path.join(outDir, output));
    outputs.push(path.join(outDir, output));
  }
  return outputs;
}
