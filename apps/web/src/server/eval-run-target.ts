// What an eval-run request measures, checked before anything is created: the bot's flow (a version,
// the latest one, the draft, or a flow file), the dataset version, the variants (typed or generated
// by a grid) and evaluators that fit the dataset. Starting a run saves the draft or flow file as a
// version (eval runs pin versions); estimating one saves nothing.
import { findVersion, getBot, getDatasetVersion, publishVersion } from "@switchyard/db";
import { flowGraphSchema, type FlowGraph } from "@switchyard/engine";
import { AppError, notFound } from "@switchyard/errors";
import {
  expectedSourceProblems,
  expectedValueProblems,
  gridProblems,
  gridVariants,
  knowledgeEvaluatorProblems,
  type EvalRunInput,
  type Variant,
} from "@switchyard/evals";
import { checkVariantsFit, requireEmbeddingModel } from "@switchyard/runner/eval-control";
import { db } from "./services";

export interface EvalRunTarget {
  graph: FlowGraph;
  /** The version measured; null when estimating a draft or flow file (nothing saved yet). */
  botVersionId: string | null;
  /** Set when starting the run saved the draft or flow file as this version number. */
  savedVersion: number | null;
  datasetVersion: Awaited<ReturnType<typeof getDatasetVersion>>;
  variants: Variant[];
}

const badRequest = (issues: { path: string; message: string }[]) =>
  new AppError("BAD_REQUEST", issues.map((issue) => (issue.path ? `${issue.path}: ${issue.message}` : issue.message)).join("; "), {
    issues,
  });

/** The flow to measure and, when `save`, the version that holds it. */
async function resolveFlow(workspaceId: string, body: EvalRunInput, save: boolean, userId?: string) {
  const bot = await getBot(db(), workspaceId, body.botId);
  if (body.graph || body.draft) {
    const parsed = flowGraphSchema.safeParse(body.graph ?? bot.draftGraph);
    if (!parsed.success) throw badRequest([{ path: "graph", message: `Not a flow: ${parsed.error.issues[0]!.message}` }]);
    if (!save) return { graph: parsed.data, botVersionId: null, savedVersion: null };
    const note = body.graph ? "Saved from a flow file to run an eval" : "Saved to measure the draft in an eval run";
    // the same flow as the latest version measures that version (checked under the bot's publish lock)
    const version = await publishVersion(db(), workspaceId, bot.id, {
      note,
      createdById: userId,
      graph: body.graph ? parsed.data : undefined,
      unlessUnchanged: true,
    });
    return { graph: parsed.data, botVersionId: version.id, savedVersion: version.reused ? null : version.number };
  }
  const version = await findVersion(db(), workspaceId, bot.id, body.version);
  if (!version) {
    if (body.version) throw notFound("Bot version");
    throw badRequest([{ path: "version", message: "Publish the bot first, or measure its draft: an eval run measures a saved version" }]);
  }
  return { graph: flowGraphSchema.parse(version.graph), botVersionId: version.id, savedVersion: null };
}

export async function resolveEvalRunTarget(
  workspaceId: string,
  body: EvalRunInput,
  options: {
    save: boolean;
    userId?: string;
    /** The monthly-budget admission (a 402 when over): the last check before anything is saved. */
    admit?: (workspaceId: string) => Promise<void>;
  },
): Promise<EvalRunTarget> {
  // everything that can be refused is checked before the draft is saved as a version
  const datasetVersion = await getDatasetVersion(db(), workspaceId, body.datasetId, body.datasetVersion);
  const expected = [
    ...expectedValueProblems(
      body.evaluators,
      datasetVersion.items.some((item) => item.expected !== null),
    ),
    ...expectedSourceProblems(
      body.evaluators,
      datasetVersion.items.some((item) => Array.isArray(item.expectedSources) && item.expectedSources.length > 0),
    ),
  ];
  if (expected.length) throw badRequest(expected);
  await requireEmbeddingModel(db(), workspaceId, body.evaluators);
  const draftGraph = await resolveFlow(workspaceId, body, false);
  const knowledge = knowledgeEvaluatorProblems(
    body.evaluators,
    draftGraph.graph.nodes.some((node) => node.type === "retrieve"),
  );
  if (knowledge.length) throw badRequest(knowledge);
  if (body.grid) {
    const problems = gridProblems(draftGraph.graph, body.grid);
    if (problems.length) throw badRequest(problems);
  }
  const variants = body.grid ? gridVariants(body.grid) : body.variants!;
  checkVariantsFit(draftGraph.graph, variants);
  await options.admit?.(workspaceId);
  const flow = options.save ? await resolveFlow(workspaceId, body, true, options.userId) : draftGraph;
  return { ...flow, datasetVersion, variants };
}
