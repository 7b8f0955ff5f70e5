// Real worker processes for integration tests, plus the producer/subscriber side the web app uses.
import { spawn, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import path from "node:path";
import type { FlowGraph, RunEvent, RunFinishedEvent } from "@switchyard/engine";
import { createBullConnection, createRedis, createRunQueue, enqueueRun, RunEventHub, type RunJob } from "@switchyard/queue";

const root = path.resolve(import.meta.dirname, "../../..");

export interface WorkerProcess {
  child: ChildProcess;
  output: () => string;
  stop: () => Promise<void>;
}

/** Starts `apps/worker` as its own process and waits until it is consuming the queue. */
export async function startWorker(env: Record<string, string> = {}): Promise<WorkerProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", path.join(root, "apps/worker/src/main.ts")], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`worker did not start:\n${output}`)), 30_000);
    const check = () => {
      if (output.includes("ready")) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on("data", check);
    child.once("exit", (code) => reject(new Error(`worker exited with ${code}:\n${output}`)));
  });
  return {
    child,
    output: () => output,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      await exited;
    },
  };
}

/** What the web app does to start a run and follow it. */
export function createRunClient() {
  const redis = createRedis(process.env.REDIS_URL!);
  const subscriber = createRedis(process.env.REDIS_URL!, { blocking: true });
  const bull = createBullConnection(process.env.REDIS_URL!);
  const queue = createRunQueue(bull);
  const hub = new RunEventHub(redis, subscriber);

  async function run(job: { workspaceId: string; botId: string; graph: FlowGraph; message: string; runId?: string }) {
    const runId = job.runId ?? randomUUID();
    const events: RunEvent[] = [];
    let resolveFinished!: (event: RunFinishedEvent) => void;
    const finished = new Promise<RunFinishedEvent>((resolve) => (resolveFinished = resolve));
    const unsubscribe = await hub.subscribe(
      runId,
      (event) => {
        events.push(event);
        if (event.type === "run.finished") resolveFinished(event);
      },
      { replay: false },
    );
    const payload: RunJob = {
      runId,
      workspaceId: job.workspaceId,
      botId: job.botId,
      botVersionId: null,
      graph: job.graph,
      graphKey: `test:${runId}`,
      deploymentId: null,
      source: "API",
      input: { message: job.message },
      enqueuedAt: Date.now(),
    };
    await enqueueRun(queue, payload);
    return { runId, events, finished: finished.finally(unsubscribe) };
  }

  return {
    run,
    hub,
    redis,
    close: async () => {
      await queue.close();
      await Promise.all([redis.quit(), subscriber.quit(), bull.quit()]);
    },
  };
}
