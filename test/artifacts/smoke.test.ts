// What ships is what is tested: the production tree (a copy of dist/ outside the repository) started as
// plain node processes, as the image starts it, against real PostgreSQL, Redis and the provider
// fixture. A user signs up, runs a bot, publishes it, and the widget and /v1 answer.
import { randomBytes } from "node:crypto";
import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { signInOverHttp } from "../../bench/support/platform";
import { completion, publicChat } from "../chaos/harness";
import { startProviderFixture, type ProviderFixture } from "../fixtures/providers/server";
import { createMigratedDatabase } from "../support/database";
import { startBuilt, type PlatformProcess } from "../support/platform";
import { dropRedisNamespace } from "../support/redis-namespace";

const dir = inject("artifactsDir");
const port = Number(process.env.ARTIFACTS_PORT ?? 3290);
const baseUrl = `http://127.0.0.1:${port}`;

let fixture: ProviderFixture;
let database: Awaited<ReturnType<typeof createMigratedDatabase>>;
const processes: PlatformProcess[] = [];
const env = {
  REDIS_URL: process.env.REDIS_URL ?? "redis://127.0.0.1:6379",
  REDIS_KEY_PREFIX: `sy-artifacts-${randomBytes(4).toString("hex")}:`,
  SWITCHYARD_SECRET: randomBytes(32).toString("base64url"),
  SWITCHYARD_URL: baseUrl,
  NEXTAUTH_URL: baseUrl,
  PORT: String(port),
  WEB_HOSTNAME: "127.0.0.1",
};

beforeAll(async () => {
  database = await createMigratedDatabase("artifacts");
  fixture = await startProviderFixture({ latencyMs: 20 });
  const withDatabase = { ...env, DATABASE_URL: database.url };
  processes.push(...(await Promise.all([startBuilt(dir, "web", withDatabase), startBuilt(dir, "worker", withDatabase)])));
});

afterAll(async () => {
  await Promise.all(processes.map((child) => child.stop()));
  await fixture?.close();
  await database?.drop();
  await dropRedisNamespace(env.REDIS_URL, env.REDIS_KEY_PREFIX);
});

/** Every file in the tree, relative to it, skipping node_modules. */
function ownFiles(current: string, prefix = ""): string[] {
  return readdirSync(current, { withFileTypes: true }).flatMap((entry) => {
    if (entry.name === "node_modules") return [];
    const relative = path.join(prefix, entry.name);
    return entry.isDirectory() ? ownFiles(path.join(current, entry.name), relative) : [relative];
  });
}

describe("the production tree", () => {
  it("holds compiled JavaScript only: no TypeScript source, no tsx, typescript or turbo", () => {
    const typescript = ownFiles(dir).filter((file) => /\.tsx?$/.test(file) && !file.endsWith(".d.ts"));
    expect(typescript).toEqual([]);
    for (const tool of ["tsx", "typescript", "turbo", "vitest", "@playwright/test", "esbuild"])
      expect(existsSync(path.join(dir, "node_modules", tool)), tool).toBe(false);
  });

  it("signs up a user who runs a bot, publishes it, and gets answers from the widget and /v1", async () => {
    const { cookie, workspaceId } = await signInOverHttp(baseUrl);
    const call = async <T>(method: string, route: string, body?: unknown): Promise<T> => {
      const response = await fetch(`${baseUrl}/api/workspaces/${workspaceId}${route}`, {
        method,
        headers: { "content-type": "application/json", cookie, origin: baseUrl },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      if (!response.ok) throw new Error(`${method} ${route}: ${response.status} ${await response.text()}`);
      return (await response.json()) as T;
    };
    const { credential } = await call<{ credential: { id: string } }>("POST", "/credentials", {
      name: "Fixture",
      kind: "OPENAI_COMPATIBLE",
      baseUrl: `${fixture.url}/v1`,
    });
    const graph = {
      nodes: [
        { id: "in", type: "chat-input", config: {}, position: { x: 0, y: 0 } },
        // a Code node: its QuickJS thread is a separate entry file the build must ship beside the worker
        { id: "code", type: "code", config: { code: "return input.toUpperCase();" }, position: { x: 200, y: 0 } },
        { id: "llm", type: "model", config: { credentialId: credential.id, model: "fixture-small" }, position: { x: 400, y: 0 } },
        { id: "out", type: "chat-output", config: {}, position: { x: 600, y: 0 } },
      ],
      edges: [
        { id: "e1", source: "in", sourceHandle: "message", target: "code", targetHandle: "input" },
        { id: "e2", source: "code", sourceHandle: "result", target: "llm", targetHandle: "prompt" },
        { id: "e3", source: "llm", sourceHandle: "text", target: "out", targetHandle: "text" },
      ],
    };
    const { bot } = await call<{ bot: { id: string } }>("POST", "/bots", { name: "Smoke", graph });

    // run the draft, as the editor's Run button does
    const run = await call<{ runId: string; status: string; output: string | null }>("POST", `/bots/${bot.id}/runs`, {
      message: "hello from the smoke test",
    });
    expect(run.status).toBe("SUCCEEDED");
    expect(run.output).toMatch(/\w/);
    const { run: stored } = await fetch(`${baseUrl}/api/runs/${run.runId}`, { headers: { cookie } }).then(
      (response) => response.json() as Promise<{ run: { steps: { nodeId: string; output: unknown }[] } }>,
    );
    expect(stored.steps.find((step) => step.nodeId === "code")?.output).toMatchObject({ result: "HELLO FROM THE SMOKE TEST" });

    await call("POST", `/bots/${bot.id}/versions`, { note: "smoke" });
    const slug = `smoke-${randomBytes(3).toString("hex")}`;
    const { deployment } = await call<{ deployment: { publicId: string } }>("POST", "/deployments", {
      botId: bot.id,
      version: 1,
      slug,
      allowedOrigins: [],
    });
    const { secret } = await call<{ secret: string }>("POST", "/api-keys", { name: "smoke", scopes: ["chat"] });

    // the widget script, then its chat endpoint (SSE), served by server.mjs directly
    const widget = await fetch(`${baseUrl}/widget.js`);
    expect(widget.status).toBe(200);
    expect(widget.headers.get("content-type")).toMatch(/javascript/);
    expect((await widget.text()).length).toBeGreaterThan(1_000);
    const widgetAnswer = await publicChat(baseUrl, deployment.publicId, `smoke-${Date.now()}`, "hello widget");
    expect(widgetAnswer).toMatchObject({ kind: "ok", status: 200 });
    expect(widgetAnswer.reply).toBeTruthy();

    const apiAnswer = await completion(baseUrl, secret, slug, [{ role: "user", content: "hello api" }]);
    expect(apiAnswer).toMatchObject({ kind: "ok", status: 200 });
    expect(apiAnswer.reply).toBeTruthy();
  });

  it("serves the pages with their static assets, and says it is ready", async () => {
    const page = await fetch(`${baseUrl}/login`);
    expect(page.status).toBe(200);
    const html = await page.text();
    const asset = /\/_next\/static\/[^"']+\.(?:js|css)/.exec(html)?.[0];
    expect(asset).toBeTruthy();
    expect((await fetch(`${baseUrl}${asset}`)).status).toBe(200);
    const health = await fetch(`${baseUrl}/api/health`);
    expect(await health.json()).toEqual({ status: "ok", postgres: "ok", redis: "ok" });
  });
});
