// Eval runs: list, and start one (also the endpoint CI calls). The body names what to measure (a
// version, the latest one, the draft or a flow file) and the variants (typed, or a grid).
import { listEvalRuns } from "@switchyard/db";
import { evalRunInputSchema } from "@switchyard/evals";
import { startEvalRun } from "@switchyard/runner/eval-control";
import { z } from "zod";
import { json, route } from "@/server/route";
import { evalControl } from "@/server/evals";
import { resolveEvalRunTarget } from "@/server/eval-run-target";
import { db } from "@/server/services";

const listQuerySchema = z.object({ botId: z.string().min(1).max(100).optional() });

export const GET = route({ role: "VIEWER", apiKeyScope: "evals", query: listQuerySchema }, async ({ workspaceId, query }) => ({
  evalRuns: await listEvalRuns(db(), workspaceId, { botId: query.botId }),
}));

export const POST = route({ role: "EDITOR", apiKeyScope: "evals", body: evalRunInputSchema }, async ({ workspaceId, body, user }) => {
  const control = evalControl();
  // the budget is checked with the other refusals, before the draft is saved as a version; admitted
  // there, the run is not admitted a second time
  const target = await resolveEvalRunTarget(workspaceId, body, { save: true, userId: user?.id, admit: control.admit });
  const evalRun = await startEvalRun({ ...control, admit: undefined }, workspaceId, {
    name: body.name,
    botId: body.botId,
    botVersionId: target.botVersionId!,
    datasetVersionId: target.datasetVersion.id,
    variants: target.variants,
    evaluators: body.evaluators,
    concurrency: body.concurrency,
    repeats: body.repeats,
    useCache: body.useCache,
  });
  return json(
    {
      evalRun: { id: evalRun.id, status: evalRun.status, total: evalRun.total, variants: target.variants.length },
      savedVersion: target.savedVersion,
    },
    201,
  );
});
