// Starting, stopping and resuming eval runs: the database row and the queue kept in step. Used by the
// web routes, tests and the benchmark alike.
// The web app imports this file by its own subpath (`@switchyard/runner/eval-control`): the package
// root also exports the run executor, whose tool services load the worker-only sandbox (WASM).
import {
  createEvalRun,
  getEmbeddingSettings,
  getEvalRun,
  listDonePairs,
  listEvalResults,
  setEvalRunStatus,
  type Db,
  type NewEvalRun,
} from "@switchyard/db";
import { compileFlow, flowGraphSchema, type FlowGraph } from "@switchyard/engine";
import { AppError, notFound } from "@switchyard/errors";
import { applyOverrides, needsEmbeddings, planPairs, summarize, toResultRow } from "@switchyard/evals";
import { nodeRegistry } from "@switchyard/nodes";
import { enqueueEvalPairs, setEvalRunStopped, type EvalJobData } from "@switchyard/queue";
import type { Queue } from "bullmq";
import type { RedisClient } from "@switchyard/queue";

export interface EvalControl {
  db: Db;
  redis: RedisClient;
  queue: Queue<EvalJobData>;
  /** Refuses a new eval run (BUDGET_EXCEEDED, 402) while the workspace is over its monthly budget. */
  admit?: (workspaceId: string) => Promise<void>;
}

/** Every variant must turn the flow into a valid one, or its jobs could only fail (a 400 naming the variant). */
export function checkVariantsFit(graph: FlowGraph, variants: NewEvalRun["variants"]) {
  for (const variant of variants) {
    let compiled;
    try {
      compiled = compileFlow(applyOverrides(graph, variant.overrides), nodeRegistry);
    } catch (error) {
      throw new AppError("BAD_REQUEST", `Variant "${variant.label}": ${(error as Error).message}`);
    }
    if (!compiled.ok)
      throw new AppError("BAD_REQUEST", `Variant "${variant.label}" makes the flow invalid: ${compiled.problems[0]!.message}`);
  }
}

async function checkVariants(db: Db, workspaceId: string, input: NewEvalRun) {
  const version = await db.botVersion.findFirst({
    where: { id: input.botVersionId, botId: input.botId, bot: { workspaceId } },
    select: { graph: true },
  });
  if (!version) throw notFound("Bot version");
  checkVariantsFit(flowGraphSchema.parse(version.graph), input.variants);
}

/** Semantic similarity embeds with the workspace's embedding model: without one it is a 400. */
export async function requireEmbeddingModel(db: Db, workspaceId: string, evaluators: { kind: string }[]) {
  if (needsEmbeddings(evaluators) && !(await getEmbeddingSettings(db, workspaceId)))
    throw new AppError("BAD_REQUEST", "Semantic similarity needs an embedding model: set one in Settings → Embeddings first");
}

export async function startEvalRun({ db, queue, admit }: EvalControl, workspaceId: string, input: NewEvalRun) {
  await checkVariants(db, workspaceId, input);
  await requireEmbeddingModel(db, workspaceId, input.evaluators);
  await admit?.(workspaceId);
  const { evalRun, itemIds } = await createEvalRun(db, workspaceId, input);
  await enqueueEvalPairs(
    queue,
    evalRun,
    planPairs(
      itemIds,
      input.variants.map((variant) => variant.key),
      [],
      input.repeats ?? 1,
    ),
  );
  return evalRun;
}

/** Pending pairs are skipped by the workers; pairs in flight finish and keep their results. */
export async function stopEvalRun({ db, redis }: EvalControl, workspaceId: string, evalRunId: string) {
  const run = await getEvalRun(db, workspaceId, evalRunId);
  if (run.status !== "RUNNING" && run.status !== "QUEUED") throw new AppError("CONFLICT", "The eval run is not running");
  await setEvalRunStopped(redis, evalRunId, true);
  await setEvalRunStatus(db, workspaceId, evalRunId, ["RUNNING", "QUEUED"], "CANCELLED");
}

/** Enqueues every item × variant × repeat without a result: after a stop, or after a crash that lost queued jobs. */
export async function resumeEvalRun({ db, redis, queue }: EvalControl, workspaceId: string, evalRunId: string) {
  const run = await getEvalRun(db, workspaceId, evalRunId);
  if (run.status === "SUCCEEDED") throw new AppError("CONFLICT", "The eval run has already finished");
  const version = await db.datasetVersion.findFirstOrThrow({
    where: { id: run.datasetVersionId },
    select: { items: { orderBy: { position: "asc" }, select: { id: true } } },
  });
  const variantKeys = (run.variants as { key: string }[]).map((variant) => variant.key);
  const pending = planPairs(
    version.items.map((item) => item.id),
    variantKeys,
    await listDonePairs(db, evalRunId),
    run.repeats,
  );
  await setEvalRunStopped(redis, evalRunId, false);
  if (!pending.length) {
    // every pair has its result but the run was never closed (stopped right at the end)
    const results = await listEvalResults(db, workspaceId, evalRunId);
    const summary = summarize(run.variants as { key: string; label: string }[], results.map(toResultRow));
    await setEvalRunStatus(db, workspaceId, evalRunId, ["CANCELLED", "FAILED", "RUNNING", "QUEUED"], "SUCCEEDED", summary);
    return { pending: 0 };
  }
  await setEvalRunStatus(db, workspaceId, evalRunId, ["CANCELLED", "FAILED", "RUNNING", "QUEUED"], "RUNNING");
  await enqueueEvalPairs(queue, { id: evalRunId, workspaceId }, pending);
  return { pending: pending.length };
}
