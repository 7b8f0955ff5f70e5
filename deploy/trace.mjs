// Adds to dist/ the node_modules files the compiled entry points import. Next.js traced only what its
// own server needs; the worker and the migrations runner import more (BullMQ, QuickJS…). A package
// that Next traced gets just the missing files; a package it did not gets copied whole, so files a
// package reads in ways a tracer cannot see (a WebAssembly file found at run time) come along too.
import { cpSync, existsSync, mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

const { nodeFileTrace } = createRequire(import.meta.url)("next/dist/compiled/@vercel/nft");

/** `node_modules/a/…` or `node_modules/@s/a/…` (at any depth): the package's folder, else undefined. */
export function packageRoot(file) {
  const match = /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(file);
  return match?.[1];
}

/**
 * Copies into `dist` the node_modules files that `outputs` (compiled files in a staging folder inside
 * the repository) import; returns how many files and whole packages it added.
 */
export async function copyTracedFiles(root, dist, outputs) {
  const { fileList } = await nodeFileTrace(outputs, { base: root, processCwd: root });
  const wholePackages = new Set();
  let added = 0;
  for (const file of fileList) {
    if (!file.includes("node_modules/")) continue; // the compiled files themselves
    const target = path.join(dist, file);
    if (existsSync(target)) continue;
    const pkg = packageRoot(file);
    if (pkg && !existsSync(path.join(dist, pkg))) wholePackages.add(pkg);
    else {
      mkdirSync(path.dirname(target), { recursive: true });
      cpSync(path.join(root, file), target, { verbatimSymlinks: true });
      added++;
    }
  }
  for (const pkg of wholePackages) {
    // the outermost missing folder only: a nested node_modules inside it comes with it
    if ([...wholePackages].some((other) => other !== pkg && pkg.startsWith(other + "/"))) continue;
    cpSync(path.join(root, pkg), path.join(dist, pkg), { recursive: true, verbatimSymlinks: true });
    added++;
  }
  return added;
}
