// Learns a router from eval results: per route, a logistic model of P(pass | request text); k-fold
// cross-validation gives the accuracy/cost curve over thresholds on held-out items, the threshold is the
// cheapest point at ≥ qualityTarget of the best single model, and the final models train on every item.
import { ARTIFACT_FORMAT, ARTIFACT_VERSION, encodeWeights, type RouterArtifact } from "./artifact";
import {
  chooseThreshold,
  policyPoint,
  singleModels,
  strongestRoute,
  THRESHOLDS,
  type Choice,
  type CurvePoint,
  type RouteOutcome,
  type SingleModelPoint,
} from "./curve";
import { defaultFeatureSpec, extractFeatures, featureDims, type FeatureSpec, type SparseVector } from "./features";
import { seededRandom } from "../random";
import { defaultLogisticOptions, predictLogistic, shuffled, trainLogistic, type LogisticOptions } from "./logistic";

export interface TrainingItem {
  text: string;
  /** One per route, in the order of `routes`. */
  outcomes: RouteOutcome[];
  embedding?: number[];
}

export interface LearnOptions {
  folds?: number;
  qualityTarget?: number;
  /** Standard errors a chosen point's cross-validated accuracy must clear the target by (default 1). */
  margin?: number;
  features?: Partial<FeatureSpec>;
  logistic?: Partial<LogisticOptions>;
}

export interface RouterReport {
  items: number;
  folds: number;
  qualityTarget: number;
  margin: number;
  singles: SingleModelPoint[];
  strongest: string;
  curve: CurvePoint[];
  choice: Choice;
}

export const MIN_TRAINING_ITEMS = 30;

export function learnRouter(
  routes: { key: string; label: string }[],
  items: TrainingItem[],
  options: LearnOptions = {},
): { artifact: RouterArtifact; report: RouterReport } {
  if (routes.length < 2) throw new Error("A router needs at least two routes to choose between");
  if (items.length < MIN_TRAINING_ITEMS)
    throw new Error(`A router needs at least ${MIN_TRAINING_ITEMS} items scored on every route; there are ${items.length}`);
  const spec: FeatureSpec = { ...defaultFeatureSpec, ...options.features };
  // small sets need more passes to converge, large ones fewer: about 40,000 SGD steps, 8 to 50 epochs
  const epochs = Math.min(50, Math.max(defaultLogisticOptions.epochs, Math.ceil(40_000 / items.length)));
  const logistic: LogisticOptions = { ...defaultLogisticOptions, epochs, ...options.logistic };
  // 3 folds on large sets keep training 10,000 items well under 10 s; their curve is as steady
  const folds = Math.min(options.folds ?? (items.length >= 5_000 ? 3 : 5), items.length);
  const qualityTarget = options.qualityTarget ?? 0.95;

  // cheapest first: the policy tries routes in this order
  const unordered = singleModels(
    routes,
    items.map((item) => item.outcomes),
  );
  const order = routes.map((_, r) => r).sort((a, b) => unordered[a]!.costPerItemUsd - unordered[b]!.costPerItemUsd || a - b);
  const ordered = order.map((r) => routes[r]!);
  const outcomes = items.map((item) => order.map((r) => item.outcomes[r]!));
  const singles = order.map((r) => unordered[r]!);
  const strongest = strongestRoute(singles);

  const dims = featureDims(spec);
  const xs = items.map((item) => extractFeatures(spec, item.text, item.embedding));
  const labels = ordered.map((_, r) => outcomes.map((item) => item[r]!.passed));

  const fold = new Int32Array(items.length);
  shuffled(
    items.map((_, i) => i),
    seededRandom(logistic.seed ^ 0x5eed),
  ).forEach((item, position) => (fold[item] = position % folds));
  const chances = items.map(() => new Float64Array(ordered.length));
  for (let f = 0; f < folds; f++) {
    const train = items.flatMap((_, i) => (fold[i] === f ? [] : [i]));
    const test = items.flatMap((_, i) => (fold[i] === f ? [i] : []));
    ordered.forEach((_, r) => {
      const model = fitRoute(xs, labels[r]!, train, dims, logistic);
      for (const i of test) chances[i]![r] = predictLogistic(model, xs[i]!);
    });
  }
  const keys = ordered.map((route) => route.key);
  const curve = THRESHOLDS.map((threshold) => policyPoint(keys, chances, outcomes, threshold, strongest));
  const margin = options.margin ?? 1;
  const choice = chooseThreshold(curve, singles, strongest, qualityTarget, { items: items.length, margin });

  const all = items.map((_, i) => i);
  const artifact: RouterArtifact = {
    format: ARTIFACT_FORMAT,
    version: ARTIFACT_VERSION,
    model: "logistic",
    features: spec,
    training: { ...logistic, folds, items: items.length, qualityTarget, margin },
    routes: ordered.map((route, r) => {
      const model = fitRoute(xs, labels[r]!, all, dims, logistic);
      return {
        ...route,
        costPerItemUsd: singles[r]!.costPerItemUsd,
        accuracy: singles[r]!.accuracy,
        bias: model.bias,
        weights: encodeWeights(model.weights),
      };
    }),
    strongest: keys[strongest]!,
    threshold: choice.chosen.threshold,
  };
  return { artifact, report: { items: items.length, folds, qualityTarget, margin, singles, strongest: keys[strongest]!, curve, choice } };
}

function fitRoute(xs: SparseVector[], labels: number[], rows: number[], dims: number, options: LogisticOptions) {
  return trainLogistic(
    rows.map((i) => xs[i]!),
    rows.map((i) => labels[i]!),
    dims,
    options,
  );
}
