// One eval run: status, progress (completed of total) and per-variant statistics. CI polls this.
import { route } from "@/server/route";
import { evalRunView } from "@/server/evals";

export const GET = route({ role: "VIEWER", apiKeyScope: "evals" }, async ({ workspaceId, params }) => ({
  evalRun: await evalRunView(workspaceId, params.evalRunId!),
}));
