// The router-training job: loads the eval run's training set, learns the router in a worker thread
// (seeded, so the same eval run gives the same artifact) and stores the artifact and its report.
import { Worker } from "node:worker_threads";
import { finishLearnedRouter, getLearnedRouter, markLearnedRouterRunning, type Db } from "@switchyard/db";
import { RouterTrainingError, type RouterArtifact, type RouterReport, type TrainingItem } from "@switchyard/evals";
import type { RouterTrainingJob } from "@switchyard/queue";
import { loadRouterTrainingSet } from "./router-control";

type Learned = { artifact: RouterArtifact; report: RouterReport };

function learnInThread(routes: { key: string; label: string }[], items: TrainingItem[], qualityTarget: number): Promise<Learned> {
  return new Promise((resolve, reject) => {
    const thread = new Worker(new URL("./router-training-thread.mjs", import.meta.url), {
      workerData: { routes, items, options: { qualityTarget } },
    });
    thread.once("message", (message: ({ ok: true } & Learned) | { ok: false; error: string }) => {
      void thread.terminate();
      if (message.ok) resolve(message);
      else reject(new RouterTrainingError(message.error));
    });
    thread.once("error", reject);
    thread.once("exit", (code) => code && reject(new Error(`The training thread exited with code ${code}`)));
  });
}

export async function trainLearnedRouter(db: Db, job: RouterTrainingJob): Promise<void> {
  const router = await getLearnedRouter(db, job.workspaceId, job.routerId);
  if (router.status === "SUCCEEDED") return; // a retried job whose first attempt finished
  await markLearnedRouterRunning(db, router.id);
  try {
    const set = await loadRouterTrainingSet(db, job.workspaceId, router.evalRunId);
    const started = performance.now();
    const { artifact, report } = await learnInThread(
      set.routes.map(({ key, label }) => ({ key, label })),
      set.items,
      router.qualityTarget,
    );
    await finishLearnedRouter(db, router.id, {
      status: "SUCCEEDED",
      artifact,
      report,
      trainingMs: Math.round(performance.now() - started),
    });
  } catch (error) {
    if (!(error instanceof RouterTrainingError)) throw error; // infrastructure: the queue retries
    await finishLearnedRouter(db, router.id, { status: "FAILED", error: error.message });
  }
}
