// @ts-check
// Runs inside a worker thread, one per sandboxed run: evaluates user code in QuickJS compiled to
// WebAssembly, a fresh runtime with nothing of the host in it. Plain JavaScript so the worker loads
// without a TypeScript loader. The host (index.ts) kills the thread if a built-in blocks past the deadline.
import { parentPort, workerData } from "node:worker_threads";
import { newQuickJSWASMModuleFromVariant, newVariant } from "quickjs-emscripten-core";
import variant from "@jitl/quickjs-wasmfile-release-sync";

/** @typedef {import("quickjs-emscripten-core").QuickJSContext} QuickJSContext */
/** @typedef {import("quickjs-emscripten-core").QuickJSHandle} QuickJSHandle */

// Deep-freezes the parsed input inside the VM so user code cannot change what it was given.
const wasmPageBytes = 65_536;
/** The module's own baseline memory (its declared initial size), before any user allocation. */
const baselinePages = 256;

const prelude = `const __freeze = (o) => { if (o && typeof o === "object") { Object.values(o).forEach(__freeze); Object.freeze(o); } return o; };`;

/**
 * @param {{ code: string; inputJson: string; limits: { timeoutMs: number; memoryBytes: number; maxOutputBytes: number } }} job
 * @returns {Promise<{ ok: true; value: unknown; logs: string[] } | { ok: false; error: string; logs: string[] }>}
 */
async function evaluate({ code, inputJson, limits }) {
  const { timeoutMs, memoryBytes, maxOutputBytes } = limits;
  /** @type {string[]} */
  const logs = [];
  // QuickJS's own limit misses large allocations (array buffers, long strings) in this build, so the
  // WASM memory itself is capped: past it malloc fails and QuickJS throws "out of memory".
  const wasmMemory = new WebAssembly.Memory({ initial: baselinePages, maximum: baselinePages + Math.ceil(memoryBytes / wasmPageBytes) });
  const quickJS = await newQuickJSWASMModuleFromVariant(newVariant(variant, { wasmMemory }));
  parentPort?.postMessage({ type: "started" });
  const runtime = quickJS.newRuntime();
  const deadline = Date.now() + timeoutMs;
  let timedOut = false;
  runtime.setInterruptHandler(() => (timedOut ||= Date.now() > deadline));
  runtime.setMemoryLimit(memoryBytes);
  runtime.setMaxStackSize(512 * 1024);
  const context = runtime.newContext();

  let outputBytes = 0;
  const outputLimitError = `Output exceeds the limit of ${maxOutputBytes} bytes`;
  // Once over, the run fails even if the code catches the error thrown into it.
  /** @param {number} bytes */
  const countOutput = (bytes) => {
    outputBytes += bytes;
    if (outputBytes > maxOutputBytes) throw new Error(outputLimitError);
  };
  /** @param {QuickJSHandle} handle */
  const fail = (handle) => ({
    ok: /** @type {const} */ (false),
    error: outputBytes > maxOutputBytes ? outputLimitError : describeError(context, handle, timedOut, timeoutMs),
    logs,
  });

  installConsole(context, logs, countOutput);
  const wrapped =
    `"use strict";\n${prelude}\n(async (input) => {\n${code}\n})(__freeze(JSON.parse(${JSON.stringify(inputJson)})))` +
    `.then((value) => (value === undefined ? undefined : JSON.stringify(value)))`;
  const evaluated = context.evalCode(wrapped, "user-code.js");
  if (evaluated.error) return fail(evaluated.error);
  const promise = evaluated.value;
  // Settles the async body; the interrupt handler still bounds the time spent here.
  const jobs = runtime.executePendingJobs();
  if (jobs.error) return fail(jobs.error);
  const state = context.getPromiseState(promise);
  if (state.type === "pending")
    return { ok: false, error: "The code's promise never settled (there are no timers or I/O to wait for)", logs };
  if (state.type === "rejected") return fail(state.error);
  const json = /** @type {string | undefined} */ (context.dump(state.value));
  outputBytes += json?.length ?? 0;
  if (outputBytes > maxOutputBytes) return { ok: false, error: outputLimitError, logs };
  // The thread ends after this run, so the runtime is not disposed: disposing after an interrupted or
  // out-of-memory run can abort the WASM module, and the thread's exit frees everything anyway.
  return { ok: true, value: json === undefined ? null : JSON.parse(json), logs };
}

/**
 * @param {QuickJSContext} context
 * @param {string[]} logs
 * @param {(bytes: number) => void} countOutput
 */
function installConsole(context, logs, countOutput) {
  const log = context.newFunction("log", (...args) => {
    const line = args.map((arg) => formatLogArgument(context, arg)).join(" ");
    countOutput(line.length + 1);
    logs.push(line);
  });
  const consoleObject = context.newObject();
  for (const name of ["log", "info", "warn", "error", "debug"]) context.setProp(consoleObject, name, log);
  context.setProp(context.global, "console", consoleObject);
}

/**
 * @param {QuickJSContext} context
 * @param {QuickJSHandle} handle
 */
function formatLogArgument(context, handle) {
  if (context.typeof(handle) === "string") return context.getString(handle);
  const value = context.dump(handle);
  return typeof value === "string" ? value : (JSON.stringify(value) ?? String(value));
}

/**
 * @param {QuickJSContext} context
 * @param {QuickJSHandle} handle
 * @param {boolean} timedOut
 * @param {number} timeoutMs
 */
function describeError(context, handle, timedOut, timeoutMs) {
  if (timedOut) return `Timed out after ${timeoutMs} ms`;
  const dumped = context.dump(handle);
  if (dumped && typeof dumped === "object" && "message" in dumped) {
    const { name, message } = /** @type {{ name?: string; message: string }} */ (dumped);
    if (/out of memory/i.test(message)) return "Memory limit exceeded";
    return name ? `${name}: ${message}` : message;
  }
  if (dumped === null) return "Memory limit exceeded"; // QuickJS throws a bare null when allocation fails
  return String(dumped);
}

parentPort?.postMessage({ type: "result", result: await evaluate(workerData) });
