// The producer/subscriber side the web app uses, for tests that drive workers directly.
import { randomUUID } from "node:crypto";
import type { FlowGraph, RunEvent, RunFinishedEvent } from "@switchyard/engine";
export { startWorker, type PlatformProcess as WorkerProcess } from "../../support/platform";
import { getDb } from "@switchyard/db";
import { awaitRunStored, createBullConnection, createRedis, createRunQueue, enqueueRun, RunEventHub, type RunJob } from "@switchyard/queue";

/** What the web app does to start a run and follow it. */
export function createRunClient() {
  const redis = createRedis(process.env.REDIS_URL!);
  const subscriber = createRedis(process.env.REDIS_URL!, { blocking: true });
  const bull = createBullConnection(process.env.REDIS_URL!);
  const queue = createRunQueue(bull);
  const hub = new RunEventHub(redis, subscriber);

  async function run(job: {
    workspaceId: string;
    botId: string;
    graph: FlowGraph;
    message: string;
    runId?: string;
    deploymentId?: string | null;
    sessionId?: string;
    streamTokens?: boolean;
  }) {
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
      deploymentId: job.deploymentId ?? null,
      source: "API",
      input: { message: job.message, sessionId: job.sessionId },
      enqueuedAt: Date.now(),
      ...(job.streamTokens !== undefined && { streamTokens: job.streamTokens }),
    };
    await enqueueRun(queue, payload);
    // A run is announced before its finish is stored (docs/reliability.md): like the web app's routes
    // that read a run just heard to finish, this waits for the record before handing the finish on.
    const stored = async () => (await getDb().run.findUnique({ where: { id: runId }, select: { finishedAt: true } }))?.finishedAt != null;
    const storedFinish = finished.then(async (event) => {
      await awaitRunStored(redis, runId, stored);
      return event;
    });
    /** `finished`: heard and stored; `announced`: heard (the run may not be stored yet). */
    return { runId, events, finished: storedFinish.finally(unsubscribe), announced: finished };
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
