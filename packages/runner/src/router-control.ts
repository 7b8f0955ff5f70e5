// Asking for a learned router from an eval run: the run is checked first (two or more variants that
// differ only in one node's model, at least 30 items scored on every variant), so a request that cannot
// succeed is refused with a clear 400 and nothing is written. Imported by the web app by its subpath
// (`@switchyard/runner/router-control`), like eval-control.
import { createLearnedRouter, deleteLearnedRouter, getEvalRun, getVersionGraph, listEvalResults, type Db } from "@switchyard/db";
import { AppError } from "@switchyard/errors";
import { routesFromVariants, RouterTrainingError, trainingItems, variantsSchema, type LearnedVerifier } from "@switchyard/evals";
import { enqueueRouterTraining, type RouterTrainingJob } from "@switchyard/queue";
import type { Queue } from "bullmq";
import { z } from "zod";

/** The run's evaluators as far as routing reads them: a regex's pattern, a JSON evaluator's schema. */
const evaluatorsSchema = z.array(
  z.looseObject({
    id: z.string(),
    kind: z.string(),
    pattern: z.string().optional(),
    flags: z.string().optional(),
    schema: z.record(z.string(), z.unknown()).optional(),
  }),
);
/**
 * A result's stored scores (`StoredScores`): each quality evaluator's verdict. A result stored without
 * them (errored before scoring) has none: the verifier had no answer to accept.
 */
const storedScoresSchema = z
  .object({ evaluators: z.array(z.looseObject({ evaluatorId: z.string(), passed: z.boolean(), skipped: z.boolean().optional() })) })
  .nullable()
  .catch(null)
  .transform((stored) => stored?.evaluators ?? null);

/** The Router's cascade verifier that checks answers as the evaluator scored them in the eval run. */
function learnedVerifier(evaluator: z.infer<typeof evaluatorsSchema>[number]): LearnedVerifier | undefined {
  if (evaluator.kind === "regex" && evaluator.pattern) return { kind: "regex", pattern: evaluator.pattern, flags: evaluator.flags ?? "" };
  if (evaluator.kind === "json") return { kind: "json", ...(evaluator.schema && { schema: JSON.stringify(evaluator.schema) }) };
  return undefined;
}

/** The eval run's routes and training items; a RouterTrainingError says why a router cannot be learned. */
export async function loadRouterTrainingSet(
  db: Db,
  workspaceId: string,
  evalRunId: string,
  { verifierEvaluatorId }: { verifierEvaluatorId?: string } = {},
) {
  const run = await getEvalRun(db, workspaceId, evalRunId);
  const [version, results] = await Promise.all([
    getVersionGraph(db, workspaceId, run.bot.id, run.botVersionId),
    listEvalResults(db, workspaceId, evalRunId),
  ]);
  const variants = variantsSchema.parse(run.variants);
  const graph = version as { nodes: { id: string; type: string; config: Record<string, unknown> }[] };
  const { nodeId, routes } = routesFromVariants({ variants, graph });
  const evaluators = evaluatorsSchema.parse(run.evaluators);
  const items = trainingItems(
    {
      variants,
      graph,
      evaluators,
      results: results.map((result) => ({
        datasetItemId: result.datasetItemId,
        input: String(result.datasetItem.input),
        variantKey: result.variantKey,
        passed: result.passed,
        costUsd: result.costUsd,
        scores: storedScoresSchema.parse(result.scores),
      })),
    },
    { verifierEvaluatorId },
  );
  const verifierEvaluator = evaluators.find((evaluator) => evaluator.id === verifierEvaluatorId);
  return { run, nodeId, routes, items, verifier: verifierEvaluator && learnedVerifier(verifierEvaluator) };
}

export async function requestLearnedRouter(
  { db, queue }: { db: Db; queue: Queue<RouterTrainingJob> },
  workspaceId: string,
  evalRunId: string,
  options: { qualityTarget: number; verifierEvaluatorId?: string },
) {
  let set;
  try {
    set = await loadRouterTrainingSet(db, workspaceId, evalRunId, { verifierEvaluatorId: options.verifierEvaluatorId });
  } catch (error) {
    if (error instanceof RouterTrainingError) throw new AppError("BAD_REQUEST", error.message);
    throw error;
  }
  const router = await createLearnedRouter(db, workspaceId, {
    botId: set.run.bot.id,
    evalRunId,
    datasetVersionId: set.run.datasetVersionId,
    nodeId: set.nodeId,
    routes: set.routes,
    qualityTarget: options.qualityTarget,
  });
  try {
    await enqueueRouterTraining(queue, {
      workspaceId,
      routerId: router.id,
      ...(options.verifierEvaluatorId !== undefined && { verifierEvaluatorId: options.verifierEvaluatorId }),
    });
  } catch (error) {
    await deleteLearnedRouter(db, workspaceId, router.id); // no router left waiting for a job that does not exist
    throw error;
  }
  return router;
}
