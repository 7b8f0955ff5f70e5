// The production tree as the image holds it: dist/ copied to a folder outside the repository, so
// nothing can quietly resolve from the repository's node_modules (tsx, TypeScript, dev dependencies).
import { cpSync, existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";

declare module "vitest" {
  export interface ProvidedContext {
    /** The copy of dist/ the tests run. */
    artifactsDir: string;
  }
}

const dist = path.resolve(import.meta.dirname, "../../dist");

export default function setup(project: TestProject) {
  if (!existsSync(path.join(dist, "switchyard.mjs"))) throw new Error("dist/ is missing: run `npm run build` first");
  const dir = mkdtempSync(path.join(tmpdir(), "switchyard-dist-"));
  cpSync(dist, dir, { recursive: true, verbatimSymlinks: true });
  project.provide("artifactsDir", dir);
  return () => rmSync(dir, { recursive: true, force: true });
}
