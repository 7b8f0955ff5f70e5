// The Dockerfile and docker-compose.yml, checked without a Docker engine (none runs on these machines):
// parsed with dockerfile-ast, then held to what the image promises. That the files the image copies
// are the ones the smoke test ran is checked after the build (test/artifacts/image-contents.test.ts).
import { readFileSync } from "node:fs";
import path from "node:path";
import { DockerfileParser, type Copy, type Instruction } from "dockerfile-ast";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { dockerfileStages } from "./dockerfile";

const root = path.resolve(import.meta.dirname, "../..");
const stages = dockerfileStages(readFileSync(path.join(root, "Dockerfile"), "utf8"));
const runtime = stages.at(-1)!;
const args = (instruction: Instruction) => instruction.getArguments().map((argument) => argument.getValue());
const named = (keyword: string) => runtime.instructions.filter((instruction) => instruction.getKeyword() === keyword);
const execForm = (instruction: Instruction) => JSON.parse(instruction.getArgumentsContent()!) as string[];

describe("the Dockerfile", () => {
  it("parses into a build stage and a runtime stage", () => {
    expect(stages.map((stage) => stage.name)).toEqual(["build", "runtime"]);
  });

  it("builds the artifacts with npm run build, from a clean install", () => {
    const runs = stages[0]!.instructions
      .filter((instruction) => instruction.getKeyword() === "RUN")
      .map((run) => run.getArgumentsContent()!);
    expect(runs).toEqual(["npm ci --no-audit --no-fund", "npm run build"]);
  });

  it("ships only dist/ from the build stage: no source, no install, no dev dependencies", () => {
    const copies = named("COPY") as Copy[];
    expect(copies.map((copy) => [copy.getFromFlag()?.getValue(), ...args(copy)])).toEqual([["build", "/src/dist/", "/app/"]]);
    expect(named("RUN")).toEqual([]);
    expect(named("ADD")).toEqual([]);
  });

  it("runs as the unprivileged node user, with a HEALTHCHECK and the role as the command", () => {
    expect(named("USER").map(args)).toEqual([["node"]]);
    const user = named("USER")[0]!;
    const entrypoint = named("ENTRYPOINT")[0]!;
    expect(user.getRange().start.line).toBeLessThan(entrypoint.getRange().start.line);
    const healthcheck = named("HEALTHCHECK")[0]!;
    expect(healthcheck.getArgumentsContent()!).toMatch(/CMD \["node", "\/app\/switchyard.mjs", "health"\]$/);
    // exec form: node is PID 1 and receives SIGTERM itself
    expect(execForm(entrypoint)).toEqual(["node", "/app/switchyard.mjs"]);
    expect(execForm(named("CMD")[0]!)).toEqual(["web"]);
    expect(args(named("ENV")[0]!)).toContain("NODE_ENV=production");
  });

  it("leaves local outputs out of the build context", () => {
    const ignored = readFileSync(path.join(root, ".dockerignore"), "utf8").split("\n");
    for (const entry of ["**/node_modules", "**/.next", "dist", ".env", ".data"]) expect(ignored).toContain(entry);
  });

  it("the parser reports a broken file (the check can fail)", () => {
    const broken = DockerfileParser.parse("FROM node:20 AS build\nCOPY --from=build /src/dist/ /app/\n");
    expect(broken.getFROMs().length).toBe(1);
    expect(() => dockerfileStages("RUN echo no FROM first\n")).toThrow(/FROM/);
  });
});

describe("docker-compose.yml", () => {
  const compose = parse(readFileSync(path.join(root, "docker-compose.yml"), "utf8"), { merge: true }) as {
    services: Record<string, { build?: string; command?: string[]; restart?: string; depends_on?: Record<string, { condition: string }> }>;
  };

  it("builds this image and runs migrate once before the web app and the worker start", () => {
    const { migrate, web, worker } = compose.services;
    for (const service of [migrate, web, worker]) expect(service?.build).toBe(".");
    expect(migrate!.command).toEqual(["migrate"]);
    expect(migrate!.restart).toBe("no");
    for (const service of [web!, worker!]) expect(service.depends_on?.migrate?.condition).toBe("service_completed_successfully");
    expect(web!.command).toEqual(["web"]);
    expect(worker!.command).toEqual(["worker"]);
  });
});
