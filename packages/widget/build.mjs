// Builds the widget into one minified file and reports its gzipped size (the budget is 15 KB).
//   node packages/widget/build.mjs [outfile]     (default: packages/widget/dist/widget.js)
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { buildSync } from "esbuild";

const here = path.dirname(fileURLToPath(import.meta.url));
export const WIDGET_GZIP_BUDGET_BYTES = 15 * 1024;

/** The bundle's text, built in memory. */
export function bundleWidget() {
  const result = buildSync({
    entryPoints: [path.join(here, "src/index.ts")],
    bundle: true,
    minify: true,
    format: "iife",
    target: ["es2019"],
    legalComments: "none",
    write: false,
  });
  return result.outputFiles[0].text;
}

export function buildWidget(outfile = path.join(here, "dist/widget.js")) {
  const code = bundleWidget();
  mkdirSync(path.dirname(outfile), { recursive: true });
  writeFileSync(outfile, code);
  const gzipped = gzipSync(code, { level: 9 }).length;
  console.log(`widget.js: ${(code.length / 1024).toFixed(1)} KB, ${(gzipped / 1024).toFixed(1)} KB gzipped (budget 15 KB) → ${outfile}`);
  if (gzipped > WIDGET_GZIP_BUDGET_BYTES) throw new Error(`widget.js is ${gzipped} bytes gzipped, over the 15 KB budget`);
  return { bytes: code.length, gzipped };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) buildWidget(process.argv[2]);
