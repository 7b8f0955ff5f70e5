// Learned routers of one eval run: list them, or learn a new one (trained by a worker; poll the router).
import { listLearnedRouters } from "@switchyard/db";
import { selfConsistencyVerifierSchema } from "@switchyard/evals";
import { requestLearnedRouter } from "@switchyard/runner/router-control";
import { z } from "zod";
import { json, route } from "@/server/route";
import { routerControl } from "@/server/routers";
import { db } from "@/server/services";

const learnSchema = z
  .object({
    /** The chosen threshold is the cheapest point at ≥ this share of the best single model's quality. */
    qualityTarget: z
      .number()
      .min(0.5, "The quality target is a share between 0.5 and 1")
      .max(1, "The quality target is a share between 0.5 and 1")
      .default(0.95),
    /**
     * One of the eval run's evaluators that needs no expected value (regular expression or JSON): its
     * verdicts on the cheaper model's answers teach the router a verify line (learned + cascade).
     */
    verifierEvaluatorId: z.string().trim().min(1).max(60).optional(),
    /**
     * Or `{ kind: "self_consistency", samples: N }`: the verdict on an item is whether N of the cheaper
     * model's answers agree, read off the run's repeats (it needs N or more).
     */
    verifier: selfConsistencyVerifierSchema.optional(),
  })
  .refine((body) => !(body.verifierEvaluatorId && body.verifier), {
    path: ["verifier"],
    message: "Choose one verifier: verifierEvaluatorId or verifier, not both",
  });

export const GET = route({ role: "VIEWER", apiKeyScope: "evals" }, async ({ workspaceId, params }) => ({
  routers: await listLearnedRouters(db(), workspaceId, params.evalRunId!),
}));

export const POST = route({ role: "EDITOR", apiKeyScope: "evals", body: learnSchema }, async ({ workspaceId, params, body }) => {
  const { verifier, ...rest } = body;
  const router = await requestLearnedRouter(routerControl(), workspaceId, params.evalRunId!, { ...rest, selfConsistency: verifier });
  return json({ router }, 201);
});
