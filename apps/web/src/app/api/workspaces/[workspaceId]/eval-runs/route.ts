// Eval runs: list, and start one (also the endpoint CI calls). The body names what to measure (a
// version, the latest one, the draft or a flow file) and the variants (typed, or a grid).
import { listEvalRuns } from "@switchyard/db";
import { evalRunInputSchema } from "@switchyard/evals";
import { z } from "zod";
import { json, route } from "@/server/route";
import { db } from "@/server/services";
import { startEvalRunFromInput } from "@/server/start-eval-run";

const listQuerySchema = z.object({ botId: z.string().min(1).max(100).optional() });

export const GET = route({ role: "VIEWER", apiKeyScope: "evals", query: listQuerySchema }, async ({ workspaceId, query }) => ({
  evalRuns: await listEvalRuns(db(), workspaceId, { botId: query.botId }),
}));

export const POST = route({ role: "EDITOR", apiKeyScope: "evals", body: evalRunInputSchema }, async ({ workspaceId, body, user }) => {
  const { evalRun, target } = await startEvalRunFromInput(workspaceId, body, user?.id);
  return json(
    {
      evalRun: { id: evalRun.id, status: evalRun.status, total: evalRun.total, variants: target.variants.length },
      savedVersion: target.savedVersion,
    },
    201,
  );
});
