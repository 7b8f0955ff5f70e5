// "Swap model and re-run evals": the bot's default dataset, run for the model node as it is and with
// the new model, as two variants of one eval run. The draft is what the user sees, so it is what runs:
// when it differs from the latest version it is saved as a new version first (versions are what eval
// runs pin).
import { credentialExists, getBot, getDatasetVersion, publishVersion, setDefaultDataset } from "@switchyard/db";
import { compileFlow, flowGraphSchema } from "@switchyard/engine";
import { AppError } from "@switchyard/errors";
import { swapModelInputSchema, swapVariants } from "@switchyard/evals";
import { nodeRegistry } from "@switchyard/nodes";
import { startEvalRun } from "@switchyard/runner/eval-control";
import { defaultEvaluators } from "@switchyard/runner/publish-gate";
import { json, route } from "@/server/route";
import { evalControl } from "@/server/evals";
import { db } from "@/server/services";

export const POST = route(
  { role: "EDITOR", apiKeyScope: "evals", body: swapModelInputSchema },
  async ({ workspaceId, params, body, user }) => {
    const bot = await getBot(db(), workspaceId, params.botId!);
    const datasetId = body.datasetId ?? bot.defaultDatasetId;
    if (!datasetId)
      throw new AppError("BAD_REQUEST", "This bot has no default dataset: choose the dataset to run", {
        issues: [{ path: "datasetId", message: "Choose the dataset to run" }],
      });
    // checked before anything is saved: a dataset from another workspace is a 404
    const datasetVersion = await getDatasetVersion(db(), workspaceId, datasetId);
    const graph = flowGraphSchema.parse(bot.draftGraph);
    const node = graph.nodes.find((candidate) => candidate.id === body.nodeId && candidate.type === "model");
    if (!node) throw new AppError("BAD_REQUEST", `The flow has no model node "${body.nodeId}"`);
    const compiled = compileFlow(graph, nodeRegistry);
    if (!compiled.ok) throw new AppError("BAD_REQUEST", `Fix the flow first: ${compiled.problems[0]!.message}`);
    const current = { credentialId: String(node.config.credentialId), model: String(node.config.model) };
    const next = { credentialId: body.credentialId ?? current.credentialId, model: body.model };
    if (next.credentialId === current.credentialId && next.model === current.model)
      throw new AppError("BAD_REQUEST", "Choose a model other than the current one");
    if (body.credentialId && !(await credentialExists(db(), workspaceId, body.credentialId)))
      throw new AppError("NOT_FOUND", "Provider credential not found");

    // the draft as a version: the latest one when it is the same flow
    const version = await publishVersion(db(), workspaceId, bot.id, {
      note: `Saved to compare ${current.model} with ${next.model}`,
      createdById: user?.id,
      unlessUnchanged: true,
    });
    if (body.datasetId && body.datasetId !== bot.defaultDatasetId) await setDefaultDataset(db(), workspaceId, bot.id, body.datasetId);
    const evalRun = await startEvalRun(evalControl(), workspaceId, {
      name: `${current.model} → ${next.model}`,
      botId: bot.id,
      botVersionId: version.id,
      datasetVersionId: datasetVersion.id,
      variants: swapVariants(node.id, current, next),
      evaluators: await defaultEvaluators(
        db(),
        bot.id,
        datasetVersion.items.some((item) => item.expected !== null),
      ),
      concurrency: body.concurrency,
    });
    return json({ evalRun: { id: evalRun.id, total: evalRun.total } }, 201);
  },
);
