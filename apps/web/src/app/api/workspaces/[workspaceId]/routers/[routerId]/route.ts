// One learned router: its training status and cross-validation report (the page polls this).
import { getLearnedRouter } from "@switchyard/db";
import { route } from "@/server/route";
import { db } from "@/server/services";

export const GET = route({ role: "VIEWER", apiKeyScope: "evals" }, async ({ workspaceId, params }) => ({
  router: await getLearnedRouter(db(), workspaceId, params.routerId!),
}));
