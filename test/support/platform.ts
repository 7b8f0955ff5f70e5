// Real platform processes (worker, web) for integration tests and benchmarks.
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { heapArgs } from "../../apps/launcher/heap.mjs";

const root = path.resolve(import.meta.dirname, "../..");

export interface PlatformProcess {
  child: ChildProcess;
  output: () => string;
  stop: () => Promise<void>;
}

function launch(label: string, command: string, args: string[], options: { cwd: string; env: NodeJS.ProcessEnv; readyWhen: RegExp }) {
  const child = spawn(command, args, { cwd: options.cwd, env: options.env, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const ready = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${label} did not start:\n${output}`)), 60_000);
    const check = () => {
      if (options.readyWhen.test(output)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on("data", check);
    child.once("exit", (code) => reject(new Error(`${label} exited with ${code}:\n${output}`)));
  });
  const handle: PlatformProcess = {
    child,
    output: () => output,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      await exited;
    },
  };
  return ready.then(() => handle);
}

/** Starts `apps/worker` as its own process and waits until it is consuming the queue. */
export function startWorker(env: Record<string, string> = {}, nodeArgs: string[] = []): Promise<PlatformProcess> {
  return launch(
    "worker",
    process.execPath,
    [...heapArgs("worker"), ...nodeArgs, "--import", "tsx", path.join(root, "apps/worker/src/main.ts")],
    {
      cwd: root,
      env: { ...process.env, ...env },
      readyWhen: /worker \d+ ready/,
    },
  );
}

/** Starts the built web app (`next build` must have run) on `port`, through its own server (apps/web/server.ts). */
export function startWeb(port: number, env: Record<string, string> = {}, nodeArgs: string[] = []): Promise<PlatformProcess> {
  return launch("web", process.execPath, [...heapArgs("web"), ...nodeArgs, "--import", "tsx", "server.ts"], {
    cwd: path.join(root, "apps/web"),
    env: { ...process.env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1", PORT: String(port), WEB_HOSTNAME: "127.0.0.1", ...env },
    readyWhen: /Ready in/,
  });
}

/**
 * Starts a role of the production tree (`npm run build` → dist/, or a copy of it) the way the image
 * does: plain `node switchyard.mjs <role>` from inside it, with no loader (tsx) in NODE_OPTIONS.
 */
export function startBuilt(dir: string, role: "web" | "worker", env: Record<string, string> = {}): Promise<PlatformProcess> {
  const { NODE_OPTIONS: _loaders, ...inherited } = process.env;
  return launch(`built ${role}`, process.execPath, [...heapArgs(role), path.join(dir, "switchyard.mjs"), role], {
    cwd: dir,
    env: { ...inherited, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1", ...env },
    readyWhen: role === "web" ? /Ready in/ : /worker \d+ ready/,
  });
}
