// One learned router: its training status and cross-validation report (the page polls this).
import { route } from "@/server/route";
import { learnedRouterView } from "@/server/routers";

export const GET = route({ role: "VIEWER", apiKeyScope: "evals" }, async ({ workspaceId, params }) => ({
  router: await learnedRouterView(workspaceId, params.routerId!),
}));
