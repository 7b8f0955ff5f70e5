// One learned router: its training status and cross-validation report (the page polls this).
import { learnedRouterView } from "@switchyard/runner/router-control";
import { route } from "@/server/route";
import { db } from "@/server/services";

export const GET = route({ role: "VIEWER", apiKeyScope: "evals" }, async ({ workspaceId, params }) => ({
  router: await learnedRouterView(db(), workspaceId, params.routerId!),
}));
