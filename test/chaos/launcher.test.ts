// `npm start` (apps/launcher) as a newcomer meets it: a first start killed half-way is completed by the
// next one with its data kept; a busy port is named with the variable that moves it and nothing is
// left running; two data folders run side by side on their own ports; a signal mid-start stops it all.
// Uses the shared Redis (its own key prefix) and embedded PostgreSQL in temporary data folders.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { dropRedisNamespace } from "../support/redis-namespace";

const root = path.resolve(import.meta.dirname, "../..");
const base = Number(process.env.LAUNCHER_TEST_PORT ?? 3450);
const redisUrl = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const prefix = `launcher-test-${randomBytes(4).toString("hex")}:`;
const folders: string[] = [];
const launched: Launcher[] = [];

interface Launcher {
  child: ChildProcess;
  output: () => string;
  waitFor: (pattern: RegExp, timeoutMs?: number) => Promise<void>;
  exit: Promise<number | null>;
}

function dataFolder() {
  const dir = mkdtempSync(path.join(os.tmpdir(), "sy-launch-"));
  chmodSync(dir, 0o755); // as root, PostgreSQL runs as the postgres user, which must reach the folder
  folders.push(dir);
  return dir;
}

function launch(dataDir: string, ports: { web: number; postgres: number }): Launcher {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    SWITCHYARD_DATA_DIR: dataDir,
    SWITCHYARD_PG_PORT: String(ports.postgres),
    PORT: String(ports.web),
    WEB_HOSTNAME: "127.0.0.1",
    REDIS_URL: redisUrl,
    REDIS_KEY_PREFIX: prefix,
    SWITCHYARD_SECRET: undefined,
    DATABASE_URL: undefined,
    CI: "true",
  };
  // its own process group, so the test can see that nothing it started is left
  const child = spawn(process.execPath, ["apps/launcher/start.mjs"], { cwd: root, env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout!.on("data", (chunk) => (output += chunk));
  child.stderr!.on("data", (chunk) => (output += chunk));
  const exit = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const launcher: Launcher = {
    child,
    output: () => output,
    exit,
    waitFor: async (pattern, timeoutMs = 120_000) => {
      const deadline = Date.now() + timeoutMs;
      while (!pattern.test(output)) {
        if (child.exitCode !== null) throw new Error(`launcher exited (${child.exitCode}) before ${pattern}:\n${output}`);
        if (Date.now() > deadline) throw new Error(`no ${pattern} within ${timeoutMs} ms:\n${output}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
  };
  launched.push(launcher);
  return launcher;
}

function groupAlive(pid: number) {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Every process the launcher started (its process group) is gone within a few seconds. */
async function expectNothingLeft(launcher: Launcher) {
  await launcher.exit;
  const deadline = Date.now() + 15_000;
  while (groupAlive(launcher.child.pid!) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
  expect(groupAlive(launcher.child.pid!), `processes of launcher ${launcher.child.pid} left running`).toBe(false);
}

async function stopAndCheck(launcher: Launcher) {
  launcher.child.kill("SIGTERM");
  expect(await launcher.exit).toBe(0);
  await expectNothingLeft(launcher);
}

function psql(dataDir: string, port: number, sql: string) {
  const password = readFileSync(path.join(dataDir, "postgres-password"), "utf8").trim();
  const result = spawnSync("psql", [`postgresql://switchyard:${password}@127.0.0.1:${port}/switchyard`, "-tAc", sql], { encoding: "utf8" });
  if (result.status !== 0) throw new Error(result.stderr);
  return result.stdout.trim();
}

function occupy(port: number): Promise<net.Server> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.listen(port, "127.0.0.1", () => resolve(server));
  });
}

const running = /Switchyard is running/;

afterAll(async () => {
  for (const launcher of launched)
    if (launcher.child.exitCode === null && groupAlive(launcher.child.pid!)) process.kill(-launcher.child.pid!, "SIGKILL");
  for (const dir of folders) rmSync(dir, { recursive: true, force: true });
  await dropRedisNamespace(redisUrl, prefix);
});

describe("npm start", () => {
  const first = { web: base, postgres: base + 1 };
  const firstDir = dataFolder();

  it("completes a first start killed after initdb and keeps the data of later starts", async () => {
    const killed = launch(firstDir, first);
    // initdb is done and the server is coming up, but the database does not exist yet
    await killed.waitFor(/starting embedded PostgreSQL/);
    process.kill(-killed.child.pid!, "SIGKILL");
    await expectNothingLeft(killed);

    const second = launch(firstDir, first);
    await second.waitFor(running);
    psql(firstDir, first.postgres, "CREATE TABLE keep_me (note text); INSERT INTO keep_me VALUES ('still here')");
    await stopAndCheck(second);

    const third = launch(firstDir, first);
    await third.waitFor(running);
    expect(psql(firstDir, first.postgres, "SELECT note FROM keep_me")).toBe("still here");
    await stopAndCheck(third);
  }, 300_000);

  it("names each busy port, exits non-zero and leaves nothing running", async () => {
    for (const [busy, purpose, variable] of [
      [first.web, "the web app", "PORT"],
      [first.postgres, "embedded PostgreSQL", "SWITCHYARD_PG_PORT"],
    ] as const) {
      const blocker = await occupy(busy);
      try {
        const attempt = launch(firstDir, first);
        expect(await attempt.exit).toBe(1);
        expect(attempt.output()).toContain(`port ${busy} (${purpose}) is in use`);
        expect(attempt.output()).toContain(`set ${variable}`);
        expect(attempt.output()).not.toMatch(/Uncaught|at .*\.mjs:\d+/);
        await expectNothingLeft(attempt);
      } finally {
        await new Promise((resolve) => blocker.close(resolve));
      }
    }
  }, 120_000);

  it("runs two data folders side by side and names the other one when a port is taken", async () => {
    const one = launch(firstDir, first);
    await one.waitFor(running);
    try {
      const secondDir = dataFolder();
      const clash = launch(secondDir, first);
      expect(await clash.exit).toBe(1);
      expect(clash.output()).toContain(`by another Switchyard (npm start, pid ${one.child.pid}, data folder ${firstDir})`);
      await expectNothingLeft(clash);

      const sameFolder = launch(firstDir, { web: base + 10, postgres: base + 11 });
      expect(await sameFolder.exit).toBe(1);
      expect(sameFolder.output()).toContain(`${firstDir} is in use by another npm start (pid ${one.child.pid})`);
      await expectNothingLeft(sameFolder);

      const two = launch(secondDir, { web: base + 20, postgres: base + 21 });
      await two.waitFor(running, 180_000);
      const health = await fetch(`http://127.0.0.1:${base + 20}/api/health`);
      expect(health.ok).toBe(true);
      expect((await fetch(`http://127.0.0.1:${first.web}/api/health`)).ok).toBe(true);
      await stopAndCheck(two);
    } finally {
      await stopAndCheck(one);
    }
  }, 300_000);

  it("does not take a killed launcher's record for a running one once another program has its pid", async () => {
    // a launcher killed with SIGKILL leaves its record; once pids wrap, another program holds its pid
    const other = spawn("sleep", ["120"], { stdio: "ignore" });
    const dir = dataFolder();
    const ports = { web: base + 30, postgres: base + 31 };
    const registry = path.join(os.tmpdir(), "switchyard-launchers");
    mkdirSync(registry, { recursive: true });
    const record = path.join(registry, `${other.pid}.json`);
    writeFileSync(
      record,
      JSON.stringify({ pid: other.pid, dataDir: dir, ports: { "the web app": ports.web, "embedded PostgreSQL": ports.postgres } }),
    );
    try {
      const start = launch(dir, ports);
      await start.waitFor(running);
      expect(existsSync(record)).toBe(false);
      await stopAndCheck(start);
    } finally {
      other.kill();
      rmSync(record, { force: true });
    }
  }, 240_000);

  it("stops everything on SIGTERM during migrations", async () => {
    const attempt = launch(firstDir, first);
    await attempt.waitFor(/applying database migrations/);
    attempt.child.kill("SIGTERM");
    expect(await attempt.exit).toBe(0);
    await expectNothingLeft(attempt);
    // and the folder still starts afterwards
    const again = launch(firstDir, first);
    await again.waitFor(running);
    expect(psql(firstDir, first.postgres, "SELECT note FROM keep_me")).toBe("still here");
    await stopAndCheck(again);
  }, 180_000);
});
