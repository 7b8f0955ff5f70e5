// Compares two sides, each an eval run and one of its variants: ?before=<runId>:<variant>&after=<runId>:<variant>.
import { AppError } from "@switchyard/errors";
import { route } from "@/server/route";
import { compareEvalSides } from "@/server/evals";

export const GET = route({ role: "VIEWER", apiKeyScope: "evals" }, async ({ workspaceId, request }) => {
  const side = (name: string) => {
    const [evalRunId, variantKey] = (request.nextUrl.searchParams.get(name) ?? "").split(":");
    if (!evalRunId || !variantKey) throw new AppError("BAD_REQUEST", `${name} must look like <evalRunId>:<variantKey>`);
    return { evalRunId, variantKey };
  };
  return compareEvalSides(workspaceId, side("before"), side("after"));
});
