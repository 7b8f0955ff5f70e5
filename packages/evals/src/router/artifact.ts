// The trained router as a versioned JSON artifact (feature spec, per-route weights, threshold) and its
// loaded, prediction-ready form. Weights are stored sparsely (only the features training touched) as
// base64 Float32, which keeps a router trained on thousands of items to a few hundred kilobytes.
import { z } from "zod";
import { extractFeatures, featureDims, featureSpecSchema, type FeatureSpec } from "./features";
import { pickRoute, policyScores, ROUTING_POLICIES, type RoutingPolicy } from "./curve";
import { applyPlatt, type PlattScaling } from "./calibrate";
import { learnedVerifierSchema } from "./verifier";

export const ARTIFACT_FORMAT = "switchyard.learned-router";
/**
 * 2 added `policy`; a version 1 artifact has none and serves as it always did ("chance"). 3 added the
 * dense signals' `weight` (small evals, features.ts): a reader that did not know it would drop it and
 * serve other chances, so an artifact that has it says 3 and older readers refuse it rather than misread
 * it. The others still say 2 (`artifactVersion`), readable by every worker of a rolling deploy.
 */
export const ARTIFACT_VERSION = 3;

const encodedWeightsSchema = z.object({ idx: z.string(), val: z.string() });

export const routerArtifactSchema = z.object({
  format: z.literal(ARTIFACT_FORMAT),
  version: z.union([z.literal(1), z.literal(2), z.literal(ARTIFACT_VERSION)]),
  model: z.literal("logistic"),
  features: featureSpecSchema,
  training: z.object({
    seed: z.number().int(),
    l2: z.number(),
    epochs: z.number().int(),
    learningRate: z.number(),
    folds: z.number().int(),
    items: z.number().int(),
    qualityTarget: z.number(),
    margin: z.number(),
  }),
  /** Cheapest first: the order the policy tries them in. */
  routes: z
    .array(
      z.object({
        key: z.string(),
        label: z.string(),
        costPerItemUsd: z.number(),
        accuracy: z.number(),
        /** The L2 strength cross-validation chose for this route (absent in older artifacts). */
        l2: z.number().optional(),
        /** Platt scaling of the model's chance, fitted on out-of-fold chances (absent: served as is). */
        calibration: z.object({ a: z.number().positive(), b: z.number() }).optional(),
        bias: z.number(),
        weights: encodedWeightsSchema,
      }),
    )
    .min(2),
  strongest: z.string(),
  /**
   * What the threshold is compared with (see curve.ts): the route's predicted chance ("chance"; absent in
   * version 1 artifacts) or 1 − its expected loss against the strongest route ("gap").
   */
  policy: z.enum(ROUTING_POLICIES).optional(),
  threshold: z.number().min(0).max(1.01),
  /**
   * Learned + cascade: below this chance a cheaper route's answer is checked by the verifier whose
   * verdicts the line was learned from (absent: never checked, or a router trained before it existed).
   */
  verifyBelow: z.number().min(0).max(1.01).optional(),
  /**
   * The verifier whose verdicts the verify line was learned from, as the Router's cascade setting
   * (absent without a verify line, and in artifacts made before it was recorded). Serving does not read
   * it: the node's own cascade setting checks; it says what the line assumed.
   */
  verifier: learnedVerifierSchema.optional(),
});
export type RouterArtifact = z.infer<typeof routerArtifactSchema>;

/** The lowest version whose readers read every field of an artifact with these features. */
export function artifactVersion(features: FeatureSpec): RouterArtifact["version"] {
  return features.denseScale?.weight === undefined ? 2 : ARTIFACT_VERSION;
}

export function encodeWeights(weights: Float64Array): z.infer<typeof encodedWeightsSchema> {
  const idx: number[] = [];
  for (let j = 0; j < weights.length; j++) if (Math.abs(weights[j]!) > 1e-7) idx.push(j);
  const values = Float32Array.from(idx, (j) => weights[j]!);
  return {
    idx: Buffer.from(Int32Array.from(idx).buffer).toString("base64"),
    val: Buffer.from(values.buffer).toString("base64"),
  };
}

function decodeWeights(encoded: z.infer<typeof encodedWeightsSchema>, dims: number): Float32Array {
  const idxBytes = Buffer.from(encoded.idx, "base64");
  const valBytes = Buffer.from(encoded.val, "base64");
  const idx = new Int32Array(idxBytes.buffer.slice(idxBytes.byteOffset, idxBytes.byteOffset + idxBytes.byteLength));
  const val = new Float32Array(valBytes.buffer.slice(valBytes.byteOffset, valBytes.byteOffset + valBytes.byteLength));
  const dense = new Float32Array(dims);
  idx.forEach((slot, k) => {
    if (slot < 0 || slot >= dims) throw new Error("The router artifact's weights do not fit its feature spec");
    dense[slot] = val[k]!;
  });
  return dense;
}

export interface LoadedRouter {
  spec: FeatureSpec;
  routes: { key: string; label: string; costPerItemUsd: number; bias: number; weights: Float32Array; calibration?: PlattScaling }[];
  strongest: number;
  threshold: number;
  policy: RoutingPolicy;
}

/** Parses and expands an artifact once (the worker caches the result); throws on an unknown format. */
export function loadRouter(raw: unknown): LoadedRouter {
  const artifact = routerArtifactSchema.parse(raw);
  const dims = featureDims(artifact.features);
  const strongest = artifact.routes.findIndex((route) => route.key === artifact.strongest);
  if (strongest < 0) throw new Error(`The router artifact's strongest route "${artifact.strongest}" is not one of its routes`);
  return {
    spec: artifact.features,
    routes: artifact.routes.map((route) => ({ ...route, weights: decodeWeights(route.weights, dims) })),
    strongest,
    threshold: artifact.threshold,
    policy: artifact.policy ?? "chance",
  };
}

/**
 * The router speaking in a Router node's route names (`learnedRoutes`: learned key → name; a key not
 * mapped keeps its name, as in nodes adopted before routes were named after their models). The
 * weights are shared, not copied.
 */
export function withRouteNames(router: LoadedRouter, names: Record<string, string> | undefined): LoadedRouter {
  if (!names) return router;
  return { ...router, routes: router.routes.map((route) => ({ ...route, key: names[route.key] ?? route.key })) };
}

export interface RouteDecision {
  route: string;
  /** Route key → predicted chance of passing, cheapest route first. */
  chances: Record<string, number>;
  reason: string;
  /** The route an unsure router falls back to. */
  strongest: string;
  /**
   * "gap" routers: route key → the score the threshold is compared with, 1 − the expected loss against
   * the strongest route (absent for "chance" routers, whose score is the chance).
   */
  scores?: Record<string, number>;
}

export function decideRoute(router: LoadedRouter, text: string, threshold = router.threshold, embedding?: number[]): RouteDecision {
  const x = extractFeatures(router.spec, text, embedding);
  const chances = router.routes.map((route) => {
    let z = route.bias;
    for (let k = 0; k < x.idx.length; k++) z += route.weights[x.idx[k]!]! * x.val[k]!;
    return applyPlatt(route.calibration, 1 / (1 + Math.exp(-Math.max(-35, Math.min(35, z)))));
  });
  const percent = (p: number) => `${(p * 100).toFixed(0)}%`;
  const decided = (r: number, reason: string, scores?: ArrayLike<number>): RouteDecision => ({
    route: router.routes[r]!.key,
    chances: Object.fromEntries(router.routes.map((route, i) => [route.key, chances[i]!])),
    reason,
    strongest: router.routes[router.strongest]!.key,
    ...(scores && { scores: Object.fromEntries(router.routes.map((route, i) => [route.key, scores[i]!])) }),
  });
  if (router.policy === "gap") {
    const scores = policyScores(chances, router.strongest, "gap");
    const r = pickRoute(scores, threshold, router.strongest);
    const strong = router.routes[router.strongest]!;
    const points = (p: number) => `${Math.max(0, p * 100).toFixed(0)} points`;
    const allowance = `the ${points(1 - threshold)} allowed (threshold ${threshold.toFixed(2)})`;
    const versus = (i: number) =>
      `${router.routes[i]!.key} ${percent(chances[i]!)} against ${strong.key} ${percent(chances[router.strongest]!)}`;
    const cheaper = router.routes.slice(0, Math.min(r, router.strongest)).map((_, i) => versus(i));
    return decided(
      r,
      r !== router.strongest
        ? `${router.routes[r]!.key} is predicted to pass with ${percent(chances[r]!)} against ${strong.key}'s ${percent(chances[router.strongest]!)}: ` +
            `an expected loss of ${points(1 - scores[r]!)}, within ${allowance}` +
            (cheaper.length ? `; cheaper routes would lose more (${cheaper.join(", ")})` : ", and it is the cheapest route")
        : threshold > 1
          ? `the threshold ${threshold.toFixed(2)} trusts no prediction, so the strongest route answers`
          : `no cheaper route stays within ${allowance}${cheaper.length ? ` (${cheaper.join(", ")})` : ""}, so the strongest route answers`,
      scores,
    );
  }
  const r = pickRoute(chances, threshold, router.strongest);
  const chosen = router.routes[r]!;
  const cheaper = router.routes.slice(0, r).map((route, i) => `${route.key} ${percent(chances[i]!)}`);
  return decided(
    r,
    chances[r]! >= threshold
      ? `${chosen.key} is predicted to pass with ${percent(chances[r]!)} ≥ the ${percent(threshold)} threshold` +
          (cheaper.length ? `; cheaper routes fell short (${cheaper.join(", ")})` : " and is the cheapest route")
      : `no route reaches the ${percent(threshold)} threshold (${router.routes.map((route, i) => `${route.key} ${percent(chances[i]!)}`).join(", ")}), so the strongest route answers`,
  );
}
