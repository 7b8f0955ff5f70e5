// The image holds exactly what the smoke test ran: the Dockerfile's runtime stage copies the build
// stage's dist/ (made by the same `npm run build`) and nothing else, and the tests ran a copy of dist/.
import { createHash } from "node:crypto";
import { readdirSync, readFileSync, readlinkSync } from "node:fs";
import path from "node:path";
import { describe, expect, inject, it } from "vitest";
import type { Copy } from "dockerfile-ast";
import { dockerfileStages } from "../deploy/dockerfile";

const root = path.resolve(import.meta.dirname, "../..");
const ran = inject("artifactsDir");

// what the running web app writes (a writable volume in the Kubernetes manifests), not what ships
const writtenAtRunTime = "apps/web/.next/cache/";

/** Relative path → sha256 of every file under `dir` (a symbolic link by where it points). */
function contents(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isDirectory()) continue;
    const full = path.join(entry.parentPath, entry.name);
    const relative = path.relative(dir, full);
    if (relative.startsWith(writtenAtRunTime)) continue;
    files.set(relative, entry.isSymbolicLink() ? `→ ${readlinkSync(full)}` : createHash("sha256").update(readFileSync(full)).digest("hex"));
  }
  return files;
}

describe("the image's files", () => {
  const stages = dockerfileStages(readFileSync(path.join(root, "Dockerfile"), "utf8"));
  const [build, runtime] = [stages[0]!, stages.at(-1)!];
  const workdir = build.instructions.find((instruction) => instruction.getKeyword() === "WORKDIR")!.getArgumentsContent()!;
  const copy = runtime.instructions.find((instruction) => instruction.getKeyword() === "COPY") as Copy;
  const from = copy.getFromFlag()?.getValue();
  const [source, target] = copy.getArguments().map((argument) => argument.getValue());

  it("are the build stage's dist/, placed where the entry point expects them", () => {
    expect(from).toBe(build.name);
    // the build stage runs `npm run build` in WORKDIR, which writes dist/ there
    expect(path.posix.relative(workdir, source!)).toBe("dist");
    const entrypoint = JSON.parse(
      runtime.instructions.find((instruction) => instruction.getKeyword() === "ENTRYPOINT")!.getArgumentsContent()!,
    );
    expect(entrypoint[1]).toBe(path.posix.join(target!, "switchyard.mjs"));
  });

  it("match, file for file, the tree the smoke test started", () => {
    const built = contents(path.join(root, "dist"));
    const tested = contents(ran);
    expect(built.size).toBeGreaterThan(100);
    expect([...tested.keys()].sort()).toEqual([...built.keys()].sort());
    const differing = [...built].filter(([file, hash]) => tested.get(file) !== hash).map(([file]) => file);
    expect(differing).toEqual([]);
    for (const entry of ["switchyard.mjs", "apps/web/server.mjs", "apps/worker/main.mjs", "packages/db/migrate.mjs"])
      expect(built.has(entry), entry).toBe(true);
  });
});
