// Runs user-written JavaScript with no access to the host: QuickJS compiled to WebAssembly, in a worker
// thread of its own per run. QuickJS enforces the memory limit and interrupts running code at the
// deadline; the thread is a second wall (a built-in such as String.prototype.repeat cannot be
// interrupted, so the host terminates the thread shortly after the deadline) and keeps the caller's
// event loop free while user code runs. The only ways out are the returned value and console.log,
// both size-capped.
import { Worker } from "node:worker_threads";

export interface SandboxLimits {
  timeoutMs: number;
  memoryBytes: number;
  maxOutputBytes: number;
}

export type SandboxResult = { ok: true; value: unknown; logs: string[] } | { ok: false; error: string; logs: string[] };

export const defaultSandboxLimits: SandboxLimits = { timeoutMs: 1_000, memoryBytes: 32 * 1024 * 1024, maxOutputBytes: 1024 * 1024 };

/** Past the deadline, how long QuickJS gets to notice it before the thread is killed. */
const terminateGraceMs = 250;
/** Starting the thread and the WASM module is not user time, but it may not hang either. */
const startupTimeoutMs = 10_000;
const workerUrl = new URL("./quickjs-worker.mjs", import.meta.url);

/** Runs `code` as the body of a function with `input` in scope; its return value (JSON-serialisable) is the result. */
export function runSandboxed(code: string, input: unknown, limits?: Partial<SandboxLimits>): Promise<SandboxResult> {
  const resolved = { ...defaultSandboxLimits, ...limits };
  const inputJson = JSON.stringify(input ?? null);
  return new Promise((resolve) => {
    const worker = new Worker(workerUrl, {
      workerData: { code, inputJson, limits: resolved },
      // the WASM heap lives outside V8's heap; these only bound the thread's own JavaScript
      resourceLimits: { maxOldGenerationSizeMb: 64 + Math.ceil((4 * inputJson.length + resolved.maxOutputBytes) / 2 ** 20) },
      stdout: true,
      stderr: true,
    });
    let settled = false;
    const finish = (result: SandboxResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(killTimer);
      void worker.terminate();
      resolve(result);
    };
    const timeOut = (ms: number, error: string) => setTimeout(() => finish({ ok: false, error, logs: [] }), ms);
    let killTimer = timeOut(startupTimeoutMs, "The sandbox did not start in time");
    worker.on("message", (message: WorkerMessage) => {
      if (message.type === "result") return finish(message.result);
      clearTimeout(killTimer);
      killTimer = timeOut(resolved.timeoutMs + terminateGraceMs, `Timed out after ${resolved.timeoutMs} ms`);
    });
    worker.once("error", (error) => finish({ ok: false, error: describeWorkerError(error), logs: [] }));
    worker.once("exit", () => finish({ ok: false, error: "The sandbox stopped unexpectedly", logs: [] }));
  });
}

type WorkerMessage = { type: "started" } | { type: "result"; result: SandboxResult };

function describeWorkerError(error: Error): string {
  if ((error as NodeJS.ErrnoException).code === "ERR_WORKER_OUT_OF_MEMORY") return "Memory limit exceeded";
  return `The sandbox failed: ${error.message}`;
}
