import { resumeEvalRun } from "@switchyard/runner/eval-control";
import { route } from "@/server/route";
import { evalControl } from "@/server/evals";

export const POST = route({ role: "EDITOR" }, async ({ workspaceId, params }) =>
  resumeEvalRun(evalControl(), workspaceId, params.evalRunId!),
);
