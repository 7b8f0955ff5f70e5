// Runs in a worker thread: learning a router is seconds of CPU, which on the main thread would stall
// every run the worker process is executing.
import { parentPort, workerData } from "node:worker_threads";
import { learnRouter, type LearnOptions, type TrainingItem } from "@switchyard/evals";

const { routes, items, options } = workerData as { routes: { key: string; label: string }[]; items: TrainingItem[]; options: LearnOptions };
try {
  parentPort!.postMessage({ ok: true, ...learnRouter(routes, items, options) });
} catch (error) {
  parentPort!.postMessage({ ok: false, error: (error as Error).message });
}
