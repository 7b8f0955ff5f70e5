// Asking for a learned router from an eval run: the run is checked first (two or more variants that
// differ only in one node's model, at least 30 items scored on every variant), so a request that cannot
// succeed is refused with a clear 400 and nothing is written. And "Use this router": the trained router
// put into the bot's draft. Imported by the web app by its subpath
// (`@switchyard/runner/router-control`), like eval-control.
import {
  createLearnedRouter,
  deleteLearnedRouter,
  getBot,
  getEvalRun,
  getLearnedRouter,
  getVersionGraph,
  listEvalResults,
  saveDraft,
  type Db,
} from "@switchyard/db";
import { AppError } from "@switchyard/errors";
import {
  routesFromVariants,
  RouterTrainingError,
  trainingItems,
  variantsSchema,
  withLearnedRouter,
  type LearnedVerifier,
  type RouterReport,
  type RouterRoute,
  type SelfConsistencyVerifier,
} from "@switchyard/evals";
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

/** Where a verify line's verdicts come from: one of the run's evaluators, or agreement of repeats. */
interface VerifierChoice {
  verifierEvaluatorId?: string;
  selfConsistency?: SelfConsistencyVerifier;
}

/** The eval run's routes and training items; a RouterTrainingError says why a router cannot be learned. */
export async function loadRouterTrainingSet(
  db: Db,
  workspaceId: string,
  evalRunId: string,
  { verifierEvaluatorId, selfConsistency }: VerifierChoice = {},
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
        // what the pair costs uncached: calls the eval answered from its response cache cost the run nothing,
        // but routed live traffic pays for them (and a self-consistency check pays for its extra samples)
        costUsd: result.costUsd + result.savedUsd,
        output: typeof result.output === "string" ? result.output : null,
        scores: storedScoresSchema.parse(result.scores),
      })),
    },
    { verifierEvaluatorId, selfConsistency },
  );
  const verifierEvaluator = evaluators.find((evaluator) => evaluator.id === verifierEvaluatorId);
  return { run, nodeId, routes, items, verifier: selfConsistency ?? (verifierEvaluator && learnedVerifier(verifierEvaluator)) };
}

export async function requestLearnedRouter(
  { db, queue }: { db: Db; queue: Queue<RouterTrainingJob> },
  workspaceId: string,
  evalRunId: string,
  options: { qualityTarget: number } & VerifierChoice,
) {
  let set;
  try {
    set = await loadRouterTrainingSet(db, workspaceId, evalRunId, options);
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
      ...(options.selfConsistency && { selfConsistency: options.selfConsistency }),
    });
  } catch (error) {
    await deleteLearnedRouter(db, workspaceId, router.id); // no router left waiting for a job that does not exist
    throw error;
  }
  return router;
}

const storedRoutesSchema = z.array(
  z.object({ key: z.string(), label: z.string(), credentialId: z.string(), model: z.string() }),
) satisfies z.ZodType<RouterRoute[]>;

/**
 * A learned router as its page and API show it, its JSON columns typed: the routes checked, the report
 * as the worker stored it from the trainer's own RouterReport (null until training succeeds).
 */
export async function learnedRouterView(db: Db, workspaceId: string, routerId: string) {
  const router = await getLearnedRouter(db, workspaceId, routerId);
  return { ...router, routes: storedRoutesSchema.parse(router.routes), report: router.report as unknown as RouterReport | null };
}

/**
 * "Use this router": the node the eval run compared becomes (or stays) a Router in learned mode in the
 * bot's draft. At the chosen threshold a learned verify line comes with it, with the verifier its
 * verdicts came from as the node's cascade setting; a threshold picked elsewhere on the curve adopts
 * that threshold alone.
 */
export async function adoptLearnedRouter(db: Db, workspaceId: string, routerId: string, threshold: number | undefined) {
  const router = await learnedRouterView(db, workspaceId, routerId);
  if (router.status !== "SUCCEEDED") throw new AppError("BAD_REQUEST", "This router has not finished training");
  const report = router.report;
  const chosen = report?.choice.chosen.threshold;
  const atChosen = threshold === undefined || threshold === chosen;
  const verify = atChosen && report?.verify?.verifier ? report.verify : undefined;
  const bot = await getBot(db, workspaceId, router.botId);
  let graph;
  try {
    graph = withLearnedRouter(bot.draftGraph as { nodes: { id: string; type: string; config: Record<string, unknown> }[] }, {
      nodeId: router.nodeId,
      routerId: router.id,
      threshold: verify ? verify.threshold : (threshold ?? chosen ?? 0.5),
      routes: router.routes,
      ...(verify && { verify: { verifyBelow: verify.verifyBelow, verifier: verify.verifier! } }),
    });
  } catch (error) {
    throw new AppError("BAD_REQUEST", (error as Error).message);
  }
  const { revision } = await saveDraft(db, workspaceId, bot.id, graph, bot.draftRevision);
  return { botId: bot.id, nodeId: router.nodeId, revision };
}
