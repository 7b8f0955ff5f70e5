// Runs user-written JavaScript with no access to the host: QuickJS compiled to WebAssembly, in a worker
// thread of its own per run (started ahead of time, used once). QuickJS enforces the memory limit and interrupts running code at the
// deadline; the thread is a second wall (a built-in such as String.prototype.repeat cannot be
// interrupted, so the host terminates the thread shortly after the deadline) and keeps the caller's
// event loop free while user code runs. A caller's abort signal (a cancelled run) terminates the thread
// at once. The only ways out are the returned value and console.log, both size-capped.
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { Worker } from "node:worker_threads";

export interface SandboxLimits {
  timeoutMs: number;
  memoryBytes: number;
  maxOutputBytes: number;
}

export type SandboxResult = { ok: true; value: unknown; logs: string[] } | { ok: false; error: string; logs: string[] };

/** What `runSandboxed` rejects with when its signal aborts; the cause is the signal's reason. */
export class SandboxCancelledError extends Error {
  constructor(cause: unknown) {
    super("The code was cancelled", { cause });
    this.name = "SandboxCancelledError";
  }
}

export const defaultSandboxLimits: SandboxLimits = { timeoutMs: 1_000, memoryBytes: 32 * 1024 * 1024, maxOutputBytes: 1024 * 1024 };

/** Past the deadline, how long QuickJS gets to notice it before the thread is killed. */
const terminateGraceMs = 250;
/** Starting the thread and the WASM module is not user time, but it may not hang either. */
const startupTimeoutMs = 10_000;
/** Input is copied into the thread and then into QuickJS; beyond this it is refused. */
const maxInputBytes = 16 * 1024 * 1024;
const workerUrl = new URL("./quickjs-worker.mjs", import.meta.url);

// Compiling the WASM module is the slow part of starting a sandbox; compiled once, it is shared with
// every thread, which only instantiates it (with a fresh memory each run).
let compiled: Promise<WebAssembly.Module> | undefined;
const compiledModule = () =>
  (compiled ??= readFile(createRequire(import.meta.url).resolve("@jitl/quickjs-wasmfile-release-sync/wasm")).then((bytes) =>
    WebAssembly.compile(bytes),
  ));

type WorkerMessage = { type: "ready" } | { type: "started" } | { type: "result"; result: SandboxResult };

/** A thread that has loaded QuickJS and waits for its one job. */
interface ReadyThread {
  worker: Worker;
  ready: Promise<void>;
}

function startThread(wasmModule: WebAssembly.Module): ReadyThread {
  const worker = new Worker(workerUrl, {
    workerData: { wasmModule, memoryBytes: defaultSandboxLimits.memoryBytes },
    // the WASM heap lives outside V8's heap; this bounds the thread's own JavaScript (the input copy)
    resourceLimits: { maxOldGenerationSizeMb: 192 },
    stdout: true,
    stderr: true,
  });
  const ready = new Promise<void>((resolve, reject) => {
    worker.once("message", () => resolve());
    worker.once("error", reject);
  });
  ready.catch(() => undefined); // a spare that failed is reported by the run that takes it
  return { worker, ready };
}

// One spare thread is kept ready so a run does not wait for a thread to start. Each thread serves
// exactly one run and is then terminated: nothing is shared between runs.
let spare: ReadyThread | undefined;
async function takeThread(): Promise<ReadyThread> {
  const wasmModule = await compiledModule();
  const thread = spare ?? startThread(wasmModule);
  thread.worker.ref();
  spare = startThread(wasmModule);
  spare.worker.unref(); // an idle spare does not keep the process alive
  return thread;
}

/**
 * Runs `code` as the body of a function with `input` in scope; its return value (JSON-serialisable) is the result.
 * When `signal` aborts, the thread is terminated and the promise rejects with a SandboxCancelledError
 * once the thread has stopped.
 */
export async function runSandboxed(
  code: string,
  input: unknown,
  limits?: Partial<SandboxLimits>,
  options: { signal?: AbortSignal } = {},
): Promise<SandboxResult> {
  const { signal } = options;
  if (signal?.aborted) throw new SandboxCancelledError(signal.reason);
  const resolved = { ...defaultSandboxLimits, ...limits };
  const inputJson = JSON.stringify(input ?? null);
  if (inputJson.length > maxInputBytes) return { ok: false, error: `The input is larger than ${maxInputBytes} bytes`, logs: [] };
  const { worker, ready } = await takeThread();
  return new Promise((resolve, reject) => {
    let settled = false;
    const settle = () => {
      if (settled) return false;
      settled = true;
      clearTimeout(killTimer);
      signal?.removeEventListener("abort", cancel);
      return true;
    };
    const finish = (result: SandboxResult) => {
      if (!settle()) return;
      void worker.terminate();
      resolve(result);
    };
    function cancel() {
      if (!settle()) return;
      const error = new SandboxCancelledError(signal!.reason);
      void worker.terminate().then(
        () => reject(error),
        () => reject(error),
      );
    }
    const timeOut = (ms: number, error: string) => setTimeout(() => finish({ ok: false, error, logs: [] }), ms);
    let killTimer = timeOut(startupTimeoutMs, "The sandbox did not start in time");
    worker.on("message", (message: WorkerMessage) => {
      if (message.type === "result") return finish(message.result);
      if (message.type !== "started") return;
      clearTimeout(killTimer);
      killTimer = timeOut(resolved.timeoutMs + terminateGraceMs, `Timed out after ${resolved.timeoutMs} ms`);
    });
    worker.once("error", (error) => finish({ ok: false, error: describeWorkerError(error), logs: [] }));
    worker.once("exit", () => finish({ ok: false, error: "The sandbox stopped unexpectedly", logs: [] }));
    // aborted while a thread was being taken: cancel() ends the thread before any code runs
    if (signal?.aborted) return cancel();
    signal?.addEventListener("abort", cancel, { once: true });
    ready.then(
      // a run cancelled while its thread was still loading never hands the thread its code
      () => settled || worker.postMessage({ code, inputJson, limits: resolved }),
      (error: Error) => finish({ ok: false, error: describeWorkerError(error), logs: [] }),
    );
  });
}

function describeWorkerError(error: Error): string {
  if ((error as NodeJS.ErrnoException).code === "ERR_WORKER_OUT_OF_MEMORY") return "Memory limit exceeded";
  return `The sandbox failed: ${error.message}`;
}
