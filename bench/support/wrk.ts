// Sustained load from wrk (Debian's `wrk`, a small C load generator) where it is installed: on a
// 2-core machine a Node.js client spends about as much CPU per request as the server does, so wrk
// shows more of what the platform itself can serve. Returns null when wrk is absent.
import { execFile } from "node:child_process";
import { mkdtemp, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

export interface WrkResult {
  tool: "wrk";
  concurrency: number;
  seconds: number;
  requestsPerSecond: number;
  /** Answers that were not 2xx or 3xx, and socket errors (connect, read, write, timeout). */
  errors: number;
  /** The same, by kind (wrk's own categories): tells a slow answer (timeout) from a refused or failed one. */
  errorKinds: { non2xx: number; connect: number; read: number; write: number; timeout: number };
  latencyMs: { p50: number; p90: number; p99: number };
}

const toMs = (value: string) => {
  const match = /^([\d.]+)(us|ms|s)$/.exec(value.trim());
  if (!match) return Number.NaN;
  const amount = Number(match[1]);
  return match[2] === "us" ? amount / 1000 : match[2] === "s" ? amount * 1000 : amount;
};

export async function wrkAvailable(): Promise<boolean> {
  return run("wrk", ["--version"]).then(
    () => true,
    (error: { stdout?: string }) => Boolean(error.stdout?.includes("wrk")), // `wrk --version` exits 1
  );
}

export async function wrkPost(
  url: string,
  request: { headers: Record<string, string>; body: unknown },
  concurrency: number,
  seconds: number,
): Promise<WrkResult | null> {
  if (!(await wrkAvailable())) return null;
  const dir = await mkdtemp(path.join(os.tmpdir(), "sy-wrk-"));
  const script = path.join(dir, "post.lua");
  const headers = Object.entries({ "content-type": "application/json", ...request.headers })
    .map(([name, value]) => `wrk.headers[${JSON.stringify(name)}] = ${JSON.stringify(value)}`)
    .join("\n");
  await writeFile(script, `wrk.method = "POST"\nwrk.body = ${JSON.stringify(JSON.stringify(request.body))}\n${headers}\n`);
  const { stdout } = await run("wrk", ["-t1", `-c${concurrency}`, `-d${seconds}s`, "--latency", "-s", script, url], {
    maxBuffer: 1024 * 1024,
  });
  const line = (pattern: RegExp) => pattern.exec(stdout)?.[1] ?? "";
  const socketErrors = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(stdout);
  const [connect, read, write, timeout] = socketErrors ? socketErrors.slice(1).map(Number) : [0, 0, 0, 0];
  const non2xx = Number(line(/Non-2xx or 3xx responses: (\d+)/) || 0);
  return {
    tool: "wrk",
    concurrency,
    seconds,
    requestsPerSecond: Math.round(Number(line(/Requests\/sec:\s+([\d.]+)/))),
    errors: non2xx + connect! + read! + write! + timeout!,
    errorKinds: { non2xx, connect: connect!, read: read!, write: write!, timeout: timeout! },
    latencyMs: { p50: toMs(line(/\s50%\s+(\S+)/)), p90: toMs(line(/\s90%\s+(\S+)/)), p99: toMs(line(/\s99%\s+(\S+)/)) },
  };
}
