// The platform as the end-to-end tests see it: a fresh migrated database, its own Redis namespace,
// the built web app (and the worker once there is one), on PORT. Stops and cleans up on SIGTERM.
// A spec can stand in for a crash: SIGUSR2 makes this process SIGKILL the worker and start a new
// one (processFile, e2e/support.ts `killAndReplaceWorker`); any other exit of a child stops the run.
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, renameSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { heapArgs } from "../../apps/launcher/heap.mjs";
import { createMigratedDatabase } from "../support/database";
import { dropRedisNamespace } from "../support/redis-namespace";
import { processFile } from "./processes";

const root = path.resolve(import.meta.dirname, "../..");
const port = process.env.E2E_PORT ?? "3210";
const database = await createMigratedDatabase("e2e");
const env = {
  ...process.env,
  NODE_ENV: "production" as const,
  NEXT_TELEMETRY_DISABLED: "1",
  DATABASE_URL: database.url,
  REDIS_URL: process.env.REDIS_URL ?? "redis://127.0.0.1:6379",
  REDIS_KEY_PREFIX: `sy-e2e-${randomBytes(4).toString("hex")}:`,
  SWITCHYARD_SECRET: randomBytes(32).toString("base64url"),
  SWITCHYARD_URL: `http://127.0.0.1:${port}`,
  NEXTAUTH_URL: `http://127.0.0.1:${port}`,
  // every spec signs up its users from 127.0.0.1: more than the default 20 an hour in one run
  SIGNUPS_PER_IP_PER_HOUR: "1000",
  // specs tell their clients apart with their own X-Forwarded-For, as a proxy in front would write it
  TRUST_PROXY: "1",
};

const web = spawn(process.execPath, [...heapArgs("web"), "--import", "tsx", "server.ts"], {
  cwd: path.join(root, "apps/web"),
  env: { ...env, PORT: port, WEB_HOSTNAME: "127.0.0.1" },
  stdio: "inherit",
});
const workerEntry = path.join(root, "apps/worker/src/main.ts");
const startWorker = () =>
  spawn(process.execPath, [...heapArgs("worker"), "--import", "tsx", workerEntry], { cwd: root, env, stdio: "inherit" });
let worker = existsSync(workerEntry) ? startWorker() : undefined;
/** Workers killed on a spec's request: their exit is expected. */
const replaced = new Set<ChildProcess>();

const file = processFile(port);
// written whole and renamed into place: a test polling the file while a new worker is recorded must
// never read it half-written (an empty file failed JSON.parse in killAndReplaceWorker)
const writeProcesses = () => {
  writeFileSync(`${file}.tmp`, JSON.stringify({ serve: process.pid, worker: worker?.pid ?? null }));
  renameSync(`${file}.tmp`, file);
};
writeProcesses();

let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  rmSync(file, { force: true });
  for (const child of [web, worker]) child?.kill("SIGTERM");
  await new Promise((resolve) => setTimeout(resolve, 500));
  await database.drop().catch((error: unknown) => console.error("could not drop the e2e database", error));
  await dropRedisNamespace(env.REDIS_URL, env.REDIS_KEY_PREFIX).catch((error: unknown) =>
    console.error("could not clear the e2e Redis keys", error),
  );
  process.exit(0);
}
process.on("SIGTERM", () => void stop());
process.on("SIGINT", () => void stop());
const watch = (child: ChildProcess) =>
  child.on("exit", (code, signal) => {
    if (stopping || replaced.has(child)) return;
    console.error(`e2e server process exited with ${code ?? signal}`);
    void stop();
  });
watch(web);
if (worker) watch(worker);

// a crash on request: the worker gets no chance to finish anything, and a new one takes over
process.on("SIGUSR2", () => {
  const old = worker;
  if (!old || stopping) return;
  replaced.add(old);
  old.once("exit", () => {
    if (stopping) return;
    worker = watch(startWorker());
    writeProcesses();
  });
  old.kill("SIGKILL");
});
