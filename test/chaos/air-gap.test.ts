// Air-gapped at run time: the web app and a worker, started with a preload that records every attempt
// to reach another host (test/support/record-network.mjs), serve pages, a test connection, editor-less
// runs through the widget endpoint and the OpenAI-compatible API, and contact nobody but this machine
// (PostgreSQL, Redis and the provider fixture are all on loopback). No telemetry, tokenizer or model
// downloads, fonts or CDNs.
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { completion, publicChat, startChaosPlatform, type ChaosPlatform } from "./harness";

const port = Number(process.env.CHAOS_AIR_GAP_PORT ?? 3287);
const preload = path.resolve(import.meta.dirname, "../support/record-network.mjs");
const logFile = path.join(os.tmpdir(), `sy-network-${randomBytes(4).toString("hex")}.jsonl`);
const attempts = () =>
  existsSync(logFile)
    ? readFileSync(logFile, "utf8")
        .trim()
        .split("\n")
        .filter(Boolean)
        .map((line) => JSON.parse(line) as { kind: string; target: string; script: string })
    : [];

let platform: ChaosPlatform | undefined;
const saved = { nodeOptions: process.env.NODE_OPTIONS, log: process.env.SWITCHYARD_NETWORK_LOG };

beforeAll(async () => {
  // the platform's processes inherit this process's environment (test/support/platform.ts)
  process.env.NODE_OPTIONS = `${saved.nodeOptions ?? ""} --import ${preload}`.trim();
  process.env.SWITCHYARD_NETWORK_LOG = logFile;
  try {
    platform = await startChaosPlatform({ port, workers: 1, fixture: { latencyMs: 5 } });
  } finally {
    if (saved.nodeOptions === undefined) delete process.env.NODE_OPTIONS;
    else process.env.NODE_OPTIONS = saved.nodeOptions;
    if (saved.log === undefined) delete process.env.SWITCHYARD_NETWORK_LOG;
    else process.env.SWITCHYARD_NETWORK_LOG = saved.log;
  }
});
afterAll(async () => {
  await platform?.stop();
  rmSync(logFile, { force: true });
});

describe("the recorder", () => {
  it("catches a connection, a fetch and a DNS lookup to another host", () => {
    const file = `${logFile}.probe`;
    const probe = spawnSync(
      process.execPath,
      [
        "--import",
        preload,
        "-e",
        `require("net").connect(9, "192.0.2.1").on("error", () => {}).destroy();
         fetch("http://telemetry.example.invalid/").catch(() => {});
         require("net").connect(9, "127.0.0.1").on("error", () => {});
         setTimeout(() => process.exit(0), 300);`,
      ],
      { env: { ...process.env, SWITCHYARD_NETWORK_LOG: file }, encoding: "utf8" },
    );
    expect(probe.status, probe.stderr).toBe(0);
    const seen = readFileSync(file, "utf8")
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as { kind: string; target: string });
    rmSync(file);
    expect(seen.map(({ kind, target }) => `${kind} ${target}`)).toEqual(
      expect.arrayContaining(["connect 192.0.2.1:9", "connect telemetry.example.invalid:80"]),
    );
    expect(seen.some(({ target }) => target.startsWith("127.0.0.1"))).toBe(false); // loopback is not an attempt
  });
});

describe("a running platform", () => {
  it("serves pages, tests a provider connection and answers the widget and the API without reaching any other host", async () => {
    const { baseUrl, bot, fixture } = platform!;
    const headers = { cookie: bot.cookie, origin: baseUrl };
    for (const page of [
      "/login",
      "/signup",
      `/w/${bot.workspaceId}/bots`,
      `/w/${bot.workspaceId}/bots/${bot.botId}`,
      `/w/${bot.workspaceId}/evals`,
      `/w/${bot.workspaceId}/usage`,
      `/w/${bot.workspaceId}/settings`,
    ]) {
      const response = await fetch(`${baseUrl}${page}`, { headers });
      expect(response.status, page).toBe(200);
      await response.text();
    }
    const test = await fetch(`${baseUrl}/api/workspaces/${bot.workspaceId}/credentials/test`, {
      method: "POST",
      headers: { ...headers, "content-type": "application/json" },
      body: JSON.stringify({ kind: "OPENAI_COMPATIBLE", baseUrl: `${fixture.url}/v1` }),
    });
    expect(test.status, await test.clone().text()).toBe(200);

    expect(await publicChat(baseUrl, bot.publicId, "visitor", "Hello")).toMatchObject({ kind: "ok" });
    expect(await publicChat(baseUrl, bot.publicId, "visitor", "And again")).toMatchObject({ kind: "ok" });
    expect(await completion(baseUrl, bot.apiKey, bot.slug, [{ role: "user", content: "Hi" }])).toMatchObject({ kind: "ok" });
    await new Promise((resolve) => setTimeout(resolve, 1_000)); // anything sent in the background after answering

    expect(platform!.web!.child.exitCode).toBeNull();
    expect(attempts(), "attempts to reach another host").toEqual([]);
  });
});
