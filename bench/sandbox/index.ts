// bench/sandbox: what running user code costs — a worker thread and a fresh QuickJS runtime per run.
//   node --import tsx bench/sandbox/index.ts      (or: npm run bench:sandbox)
// Prints the figures and writes bench/results/sandbox.json.
import { runSandboxed } from "@switchyard/sandbox";
import { summarize, writeResult } from "../support/stats";

const quick = process.argv.includes("--quick");
const runs = quick ? 20 : 100;

async function timed(code: string, input: unknown, limits?: Parameters<typeof runSandboxed>[2]) {
  const started = performance.now();
  const result = await runSandboxed(code, input, limits);
  return { ms: performance.now() - started, result };
}

const smallRun = async (i: number) => {
  const { ms, result } = await timed("return input.items.map((n) => n * 2).reduce((a, b) => a + b, 0)", { items: [1, 2, 3, i] });
  if (!result.ok) throw new Error(result.error);
  return ms;
};
await timed("return 1", null); // the first run compiles the WASM module
// A spare thread is started after each run; spaced runs find it ready, back-to-back runs wait for it.
const spaced: number[] = [];
for (let i = 0; i < runs; i++) {
  await new Promise((resolve) => setTimeout(resolve, 300));
  spaced.push(await smallRun(i));
}
const small: number[] = [];
for (let i = 0; i < runs; i++) small.push(await smallRun(i));

const concurrent = quick ? 8 : 20;
const startedAll = performance.now();
await Promise.all(Array.from({ length: concurrent }, () => runSandboxed("return 1", null)));
const concurrentMs = performance.now() - startedAll;

const loop = await timed("while (true) {}", null, { timeoutMs: 100 });
const bomb = await timed("const a = []; while (true) a.push(new Uint8Array(1 << 20));", null, { memoryBytes: 16 * 2 ** 20 });

const figures = {
  runWithReadyThreadMs: summarize(spaced),
  runBackToBackMs: summarize(small),
  concurrent: { runs: concurrent, wallMs: Math.round(concurrentMs) },
  infiniteLoopStoppedMs: { timeoutMs: 100, ms: Math.round(loop.ms), error: loop.result.ok ? null : loop.result.error },
  memoryBombStoppedMs: { memoryMb: 16, ms: Math.round(bomb.ms), error: bomb.result.ok ? null : bomb.result.error },
};
console.log(
  `one small run, thread ready: p50 ${figures.runWithReadyThreadMs.p50} ms, p95 ${figures.runWithReadyThreadMs.p95} ms (${runs} runs)`,
);
console.log(`one small run, back to back: p50 ${figures.runBackToBackMs.p50} ms, p95 ${figures.runBackToBackMs.p95} ms (${runs} runs)`);
console.log(`${concurrent} runs at once: ${figures.concurrent.wallMs} ms wall`);
console.log(
  `infinite loop with a 100 ms limit: refused after ${figures.infiniteLoopStoppedMs.ms} ms (${figures.infiniteLoopStoppedMs.error})`,
);
console.log(`memory bomb with a 16 MB limit: refused after ${figures.memoryBombStoppedMs.ms} ms (${figures.memoryBombStoppedMs.error})`);
await writeResult("sandbox", figures);
