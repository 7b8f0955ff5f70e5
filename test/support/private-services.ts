// Private Redis and PostgreSQL servers that a chaos test may kill and restart. The machine's shared
// services (6379, 5432) serve everyone else's tests and are never touched.
import { spawn, spawnSync } from "node:child_process";
import { chmodSync, chownSync, mkdtempSync, rmSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";

const PG_BIN = "/usr/lib/postgresql/15/bin";

export interface PrivateService {
  url: string;
  /** Kills the server without warning (SIGKILL): clients see dropped connections. */
  kill: () => Promise<void>;
  start: () => Promise<void>;
  stop: () => Promise<void>;
}

async function waitForPort(port: number, up: boolean, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = net.connect({ host: "127.0.0.1", port });
      socket.once("connect", () => (socket.destroy(), resolve(true)));
      socket.once("error", () => resolve(false));
    });
    if (open === up) return;
    if (Date.now() > deadline) throw new Error(`port ${port} did not ${up ? "open" : "close"} within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** `redis-server` from PATH on `port`, keeping nothing on disk (a restart empties it, like a crash of a cache). */
export async function startPrivateRedis(port: number): Promise<PrivateService> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "sy-redis-"));
  let child: ReturnType<typeof spawn> | undefined;
  const service: PrivateService = {
    url: `redis://127.0.0.1:${port}`,
    start: async () => {
      child = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir], {
        stdio: "ignore",
      });
      await waitForPort(port, true);
    },
    kill: async () => {
      const exited = new Promise((resolve) => child?.once("exit", resolve));
      child?.kill("SIGKILL");
      await exited;
      await waitForPort(port, false);
    },
    stop: async () => {
      if (child && child.exitCode === null && child.signalCode === null) await service.kill();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  await service.start();
  return service;
}

/**
 * A throwaway PostgreSQL 15 cluster on `port` (trust auth, socket in its own directory). PostgreSQL
 * refuses to run as root, so as root the cluster belongs to the `postgres` user.
 */
export async function startPrivatePostgres(port: number): Promise<PrivateService> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "sy-pg-"));
  const data = path.join(dir, "data");
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    chownSync(
      dir,
      Number(spawnSync("id", ["-u", "postgres"]).stdout.toString()),
      Number(spawnSync("id", ["-g", "postgres"]).stdout.toString()),
    );
    chmodSync(dir, 0o700);
  }
  const run = (binary: string, args: string[]) => {
    const [command, fullArgs] = asRoot
      ? ["runuser", ["-u", "postgres", "--", path.join(PG_BIN, binary), ...args]]
      : [path.join(PG_BIN, binary), args];
    const result = spawnSync(command, fullArgs, { encoding: "utf8" });
    if (result.status !== 0) throw new Error(`${binary} failed: ${result.stderr || result.stdout}`);
  };
  run("initdb", ["-D", data, "-U", "postgres", "--auth=trust", "--no-sync"]);
  // fsync off: this cluster holds only a test's data, and a crash restart must still come back fast
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200`;
  const service: PrivateService = {
    url: `postgresql://postgres@127.0.0.1:${port}/postgres`,
    start: async () => {
      run("pg_ctl", ["-D", data, "-o", options, "-l", path.join(dir, "log"), "-w", "start"]);
      await waitForPort(port, true);
    },
    kill: async () => {
      // immediate mode: the postmaster aborts every backend at once, as after a crash
      run("pg_ctl", ["-D", data, "-m", "immediate", "-w", "stop"]);
      await waitForPort(port, false);
    },
    stop: async () => {
      spawnSync(
        asRoot ? "runuser" : path.join(PG_BIN, "pg_ctl"),
        asRoot
          ? ["-u", "postgres", "--", path.join(PG_BIN, "pg_ctl"), "-D", data, "-m", "immediate", "stop"]
          : ["-D", data, "-m", "immediate", "stop"],
      );
      rmSync(dir, { recursive: true, force: true });
    },
  };
  await service.start();
  return service;
}
