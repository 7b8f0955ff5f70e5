// Air-gapped at run time: the web app and a worker, started with a preload that records every attempt
// to reach another host (test/support/record-network.mjs), serve pages, a test connection, editor-less
// runs through the widget endpoint and the OpenAI-compatible API, and contact nobody but this machine
// (PostgreSQL, Redis and the provider fixture are all on loopback). No telemetry, tokenizer or model
// downloads, fonts or CDNs.
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { completion, publicChat, startChaosPlatform, type ChaosPlatform } from "./harness";

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

/** A loopback port nothing listens on (the web app needs a number before it starts). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}
const saved = { nodeOptions: process.env.NODE_OPTIONS, log: process.env.SWITCHYARD_NETWORK_LOG };

beforeAll(async () => {
  // the platform's processes inherit this process's environment (test/support/platform.ts)
  process.env.NODE_OPTIONS = `${saved.nodeOptions ?? ""} --import ${preload}`.trim();
  process.env.SWITCHYARD_NETWORK_LOG = logFile;
  try {
    platform = await startChaosPlatform({ port: await freePort(), workers: 1, fixture: { latencyMs: 5 } });
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
         require("dns").lookup("updates.example.invalid", () => {});
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
    expect(seen.filter(({ kind }) => kind !== "start").map(({ kind, target }) => `${kind} ${target}`)).toEqual(
      expect.arrayContaining([
        "connect 192.0.2.1:9",
        "connect telemetry.example.invalid:80",
        "dns telemetry.example.invalid",
        "dns updates.example.invalid",
      ]),
    );
    expect(seen.some(({ target }) => target?.startsWith("127.0.0.1"))).toBe(false); // loopback is not an attempt
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
    // the recorder ran in the web app and the worker, and they reached nobody
    const scripts = attempts()
      .filter(({ kind }) => kind === "start")
      .map(({ script }) => script);
    expect(scripts).toEqual(
      expect.arrayContaining([expect.stringMatching(/apps\/web\/server\.ts$/), expect.stringMatching(/apps\/worker\/src\/main\.ts$/)]),
    );
    expect(
      attempts().filter(({ kind }) => kind !== "start"),
      "attempts to reach another host",
    ).toEqual([]);
  });
});
