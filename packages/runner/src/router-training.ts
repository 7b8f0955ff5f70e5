// The router-training job: loads the eval run's training set, learns the router in a worker thread
// (seeded, so the same eval run gives the same artifact) and stores the artifact and its report. When the
// workspace has an embedding model, every request is embedded through it (the real provider path) and the
// embedding joins the hashed text features; the artifact records the model, so serving embeds the same way.
import { Worker } from "node:worker_threads";
import { finishLearnedRouter, getLearnedRouter, markLearnedRouterRunning, type Db } from "@switchyard/db";
import {
  defaultFeatureSpec,
  readWindow,
  RouterTrainingError,
  type LearnOptions,
  type RouterArtifact,
  type RouterReport,
  type TrainingItem,
} from "@switchyard/evals";
import { loadEmbeddingTarget } from "@switchyard/knowledge";
import { embed } from "@switchyard/providers";
import type { RouterTrainingJob } from "@switchyard/queue";
import { loadRouterTrainingSet } from "./router-control";

type Learned = { artifact: RouterArtifact; report: RouterReport };

function learnInThread(routes: { key: string; label: string }[], items: TrainingItem[], options: LearnOptions): Promise<Learned> {
  return new Promise((resolve, reject) => {
    const thread = new Worker(new URL("./router-training-thread.mjs", import.meta.url), {
      workerData: { routes, items, options },
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

/** Requests per embeddings call: providers cap a call's inputs (OpenAI at 2,048). */
const EMBED_BATCH = 256;

/** The workspace's embedding of every training text, or nothing when it has no embedding model. */
async function withEmbeddings(db: Db, workspaceId: string, masterSecret: string, items: TrainingItem[]) {
  const target = await loadEmbeddingTarget(db, workspaceId, masterSecret);
  if (!target) return { items, features: {} };
  const embedded: TrainingItem[] = [];
  for (let start = 0; start < items.length; start += EMBED_BATCH) {
    const batch = items.slice(start, start + EMBED_BATCH);
    const { vectors } = await embed({
      credential: target.credential,
      model: target.model,
      values: batch.map((item) => readWindow(defaultFeatureSpec, item.text)),
    });
    batch.forEach((item, i) => embedded.push({ ...item, embedding: vectors[i]! }));
  }
  const dims = embedded[0]?.embedding?.length ?? 0;
  if (embedded.some((item) => item.embedding?.length !== dims))
    throw new RouterTrainingError(`The embedding model ${target.model} returned vectors of different lengths`);
  return { items: embedded, features: { embeddingDims: dims, embeddingModel: target.model } };
}

export async function trainLearnedRouter(db: Db, job: RouterTrainingJob, options: { masterSecret: string }): Promise<void> {
  const router = await getLearnedRouter(db, job.workspaceId, job.routerId);
  if (router.status === "SUCCEEDED") return; // a retried job whose first attempt finished
  await markLearnedRouterRunning(db, router.id);
  try {
    const set = await loadRouterTrainingSet(db, job.workspaceId, router.evalRunId, job);
    const started = performance.now();
    const { items, features } = await withEmbeddings(db, job.workspaceId, options.masterSecret, set.items);
    const { artifact, report } = await learnInThread(
      set.routes.map(({ key, label }) => ({ key, label })),
      items,
      { qualityTarget: router.qualityTarget, features },
    );
    // the verify line is adopted with the verifier its verdicts came from, and the artifact says which
    if (report.verify && set.verifier) {
      report.verify = {
        ...report.verify,
        ...(job.verifierEvaluatorId !== undefined && { evaluatorId: job.verifierEvaluatorId }),
        verifier: set.verifier,
      };
      artifact.verifier = set.verifier;
    }
    if (report.verifyDeclined && set.verifier)
      report.verifyDeclined = {
        ...(job.verifierEvaluatorId !== undefined && { evaluatorId: job.verifierEvaluatorId }),
        verifier: set.verifier,
      };
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
