import { listEvalResults } from "@switchyard/db";
import { route } from "@/server/route";
import { db } from "@/server/services";

export const GET = route({ role: "VIEWER", apiKeyScope: "evals" }, async ({ workspaceId, params }) => ({
  results: await listEvalResults(db(), workspaceId, params.evalRunId!),
}));
