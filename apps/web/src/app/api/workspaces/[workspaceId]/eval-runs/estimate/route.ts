// What starting this eval run would cost: calls, dollars and time, minus expected cache hits. Takes
// the same body as starting one and creates nothing (a draft or flow file is not saved).
import { evalRunInputSchema } from "@switchyard/evals";
import { estimateEval } from "@switchyard/runner/eval-estimate";
import { route } from "@/server/route";
import { resolveEvalRunTarget } from "@/server/eval-run-target";
import { db } from "@/server/services";

export const POST = route({ role: "EDITOR", apiKeyScope: "evals", body: evalRunInputSchema }, async ({ workspaceId, body }) => {
  const target = await resolveEvalRunTarget(workspaceId, body, { save: false });
  const estimate = await estimateEval(db(), workspaceId, {
    graph: target.graph,
    datasetId: body.datasetId,
    variants: target.variants,
    items: target.datasetVersion.items.map((item) => ({ input: String(item.input), expected: (item.expected as string | null) ?? null })),
    evaluators: body.evaluators,
    concurrency: body.concurrency,
    useCache: body.useCache,
    repeats: body.repeats,
  });
  return { estimate, variants: target.variants.map(({ key, label }) => ({ key, label })) };
});
