// Learns a router from eval results: per route, a logistic model of P(pass | request text); k-fold
// cross-validation gives the accuracy/cost curve over thresholds on held-out items, the threshold is the
// cheapest point whose lower confidence bound of quality ÷ the best single model's reaches qualityTarget. Choices are made on the eval run's own items
// and nothing else, so they carry over to a task nobody tuned for: each route's L2 strength is the
// candidate with the lowest out-of-fold log-loss, and the served model is the average of the fold models
// whose out-of-fold predictions drew the curve (so the curve describes the model that serves).
import { applyPlatt, calibrationError, fitPlatt, type PlattScaling } from "./calibrate";
import { ARTIFACT_FORMAT, artifactVersion, encodeWeights, type RouterArtifact } from "./artifact";
import {
  centreThreshold,
  chooseThreshold,
  policyPoint,
  policyScores,
  singleModels,
  strongestRoute,
  THRESHOLDS,
  type Choice,
  type CurvePoint,
  type RouteOutcome,
  type RoutingPolicy,
  type SingleModelPoint,
} from "./curve";
import { defaultFeatureSpec, extractRows, featureDims, standardiseDense, type FeatureSpec, type SparseVector } from "./features";
import { seededRandom } from "../random";
import { qualityFloor, servedRows, type Reliability } from "./reliability";
import { chooseVerifyLines, type VerdictRow, type VerifyPoint } from "./verify";
import type { LearnedVerifier } from "./verifier";
import { defaultLogisticOptions, predictLogistic, shuffled, trainLogistic, type LogisticModel, type LogisticOptions } from "./logistic";

export interface TrainingItem {
  text: string;
  /** One per route, in the order of `routes`. */
  outcomes: RouteOutcome[];
  embedding?: number[];
  /**
   * A verifier's verdict on each route's answer, in the order of `routes` (from an eval run whose
   * evaluators include one that needs no expected value). When every item has one for the cheapest
   * route, the learner also learns a verify line (learned + cascade).
   */
  verdicts?: (VerifierVerdict | undefined)[];
}

export interface LearnOptions {
  folds?: number;
  qualityTarget?: number;
  /**
   * Standard errors by which the chosen point's cross-validated quality (÷ the best single model's, paired
   * per item) must clear the target: its lower confidence bound is what must reach it (default
   * `DEFAULT_MARGIN`).
   */
  margin?: number;
  features?: Partial<FeatureSpec>;
  /**
   * Calibrate each route's chances by Platt scaling on its out-of-fold predictions (default true), so a
   * threshold of 0.8 means "80 % of such requests pass" and chances compare across routes.
   */
  calibrate?: boolean;
  /** Feature updates one fit may make (default `FIT_BUDGET`); `Infinity` lifts the cap. */
  fitBudget?: number;
  /** Standardise the dense signals with the training set's mean and deviation (default true). */
  standardise?: boolean;
  logistic?: Partial<LogisticOptions>;
  /** L2 strengths tried per route (default `L2_CANDIDATES`; `logistic.l2` pins one). */
  l2Candidates?: number[];
  /** The served model: the average of the fold models (default) or one refitted on every item. */
  serve?: "average" | "refit";
  /**
   * How items are dealt into folds: "text" (default) keeps every item with the same normalised text in
   * one fold, so a validation item is never a copy of a training one and the curve is measured on text
   * the model has not seen, as new traffic is; "item" deals items one by one.
   */
  grouping?: "text" | "item";
  /**
   * The verifier's verdict on each item's answer from the cheapest route (in the order of `items`): the
   * share of its repeats the verifier accepted, the share both accepted and passed (default accepted ×
   * passed, exact for one repeat) and what checking cost. Given, the learner also chooses a verify line
   * (learned + cascade) by the same cross-validation and a bound simultaneous over the pairs searched.
   */
  verifier?: VerifierVerdict[];
  /**
   * The routing policy (see curve.ts): "chance" (the cheapest route predicted to pass with at least the
   * threshold), "gap" (the cheapest route whose expected loss against the strongest is at most 1 − the
   * threshold), or "auto" (default): the one whose chosen point costs less, both chosen on the same
   * out-of-fold chances by the same lower confidence bound; a tie keeps "chance".
   */
  policy?: RoutingPolicy | "auto";
  /**
   * The verify line's lower bound holds for every (threshold, verifyBelow) pair searched at once, so for
   * the one picked (default true; see verify.ts); false: for each pair alone, as before round 11.
   */
  simultaneousBound?: boolean;
}

export interface VerifierVerdict {
  accepted: number;
  acceptedPassed?: number;
  costUsd: number;
}

/** Weak to strong regularisation; each route keeps the one with the lowest out-of-fold log-loss. */
export const L2_CANDIDATES = [1e-4, 1e-3, 1e-2];

export interface RouterReport {
  items: number;
  folds: number;
  qualityTarget: number;
  margin: number;
  singles: SingleModelPoint[];
  strongest: string;
  /** The policy the curve, the choice and the artifact use (absent in reports made before it: "chance"). */
  policy?: RoutingPolicy;
  curve: CurvePoint[];
  choice: Choice;
  /** Every policy cross-validation compared, with its choice (absent in reports made before it). */
  policies?: { policy: RoutingPolicy; choice: Choice }[];
  /** Per route (cheapest first): the L2 strength chosen and each candidate's out-of-fold log-loss. */
  regularisation: { route: string; l2: number; logLoss: Record<string, number> }[];
  /**
   * Per route (cheapest first): the Platt scaling fitted on its out-of-fold chances (a = 1, b = 0 when
   * calibration is off) and the expected calibration error of those chances before and after it.
   */
  calibration?: { route: string; a: number; b: number; errorBefore: number; errorAfter: number }[];
  /**
   * Learned + cascade, when the verifier's verdicts were given and a checked band beats the plain
   * threshold: both lines, their cross-validated quality, bound and saving, and the share of each way.
   */
  verify?: VerifyPoint & {
    costSaved: number;
    /** The eval run's evaluator whose verdicts the line was learned from (absent for self-consistency). */
    evaluatorId?: string;
    /** The Router's verifier: that evaluator's check, or agreement of the cheaper model's samples. */
    verifier?: LearnedVerifier;
  };
  /**
   * A verifier's verdicts were given, but checking the cheaper route's answers was no cheaper than the
   * plain threshold at the same bound: the router has no verify line. Says which verifier was tried.
   */
  verifyDeclined?: { evaluatorId?: string; verifier?: LearnedVerifier };
  /**
   * How low the served router's quality could be on new requests like the eval's, honest on a small
   * eval too (see reliability.ts; absent in reports made before it).
   */
  reliability?: Reliability;
}

export const MIN_TRAINING_ITEMS = 30;

/** A one-sided 95 % lower confidence bound on the quality ratio must reach the target. */
export const DEFAULT_MARGIN = 1.645;

export function learnRouter(
  routes: { key: string; label: string }[],
  items: TrainingItem[],
  options: LearnOptions = {},
): { artifact: RouterArtifact; report: RouterReport; outOfFold: Float64Array[] } {
  if (routes.length < 2) throw new Error("A router needs at least two routes to choose between");
  if (items.length < MIN_TRAINING_ITEMS)
    throw new Error(`A router needs at least ${MIN_TRAINING_ITEMS} items scored on every route; there are ${items.length}`);
  const spec: FeatureSpec = { ...defaultFeatureSpec, ...options.features, denseScale: undefined };
  const logistic: LogisticOptions = {
    ...defaultLogisticOptions,
    ...options.logistic,
    epochs: 0, // set below, from the set's size and its requests' length
  };
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
  const xs = extractRows(
    spec,
    items.map((item) => item.text),
    items.map((item) => item.embedding),
  );
  const meanNonZero = xs.reduce((sum, x) => sum + x.idx.length, 0) / xs.length;
  const budget = options.fitBudget ?? FIT_BUDGET;
  const fitRows = (count: number) => Math.round((count * (folds - 1)) / folds);
  logistic.epochs = epochsFor(items.length, options.logistic?.epochs, fitRows(items.length), meanNonZero, budget);
  if (options.standardise ?? true) spec.denseScale = standardiseDense(spec, xs);
  const labels = ordered.map((_, r) => outcomes.map((item) => item[r]!.passed));

  const fold = assignFolds(
    items.map((item) => item.text),
    folds,
    logistic.seed,
    options.grouping ?? "text",
  );
  const candidates = options.logistic?.l2 !== undefined ? [options.logistic.l2] : (options.l2Candidates ?? L2_CANDIDATES);
  const chances = items.map(() => new Float64Array(ordered.length));
  const served: LogisticModel[] = [];
  const regularisation: RouterReport["regularisation"] = [];
  const calibratedRoutes: RouterReport["calibration"] = [];
  const scalings: (PlattScaling | undefined)[] = [];
  // on a large set the L2 strength is chosen on a seeded sample of it by two-fold cross-fitting, and only
  // the chosen one is fitted on every item: training time then grows with one fit, not three
  const sample = chooseOn(items.length, logistic.seed);
  const selection = sample && {
    xs: sample.map((i) => xs[i]!),
    fold: assignFolds(
      sample.map((i) => items[i]!.text),
      SELECTION_FOLDS,
      logistic.seed,
      options.grouping ?? "text",
    ),
    // the candidates' fits share one fit's budget: on long requests the search, not the final fit, was
    // most of the work (three candidates at up to 16 passes against 2 to 8 passes)
    epochs: epochsFor(
      sample.length,
      options.logistic?.epochs,
      Math.round(sample.length / SELECTION_FOLDS),
      meanNonZero,
      budget / candidates.length,
    ),
  };
  ordered.forEach((route, r) => {
    let best: (CrossFitted & { l2: number }) | undefined;
    const logLoss: Record<string, number> = {};
    for (const l2 of candidates) {
      const fitted = selection
        ? crossFit(
            selection.xs,
            sample!.map((i) => labels[r]![i]!),
            selection.fold,
            SELECTION_FOLDS,
            dims,
            { ...logistic, epochs: selection.epochs, l2 },
          )
        : crossFit(xs, labels[r]!, fold, folds, dims, { ...logistic, l2 });
      logLoss[String(l2)] = fitted.logLoss;
      if (!best || fitted.logLoss < best.logLoss - 1e-12) best = { ...fitted, l2 };
    }
    if (sample) best = { ...crossFit(xs, labels[r]!, fold, folds, dims, { ...logistic, l2: best!.l2 }), l2: best!.l2 };
    // Platt scaling on the out-of-fold chances: the curve, the threshold and the served model all read
    // calibrated chances (the served model's logit is the fold models' mean logit, on the same scale)
    const scaling = (options.calibrate ?? true) ? fitPlatt(best!.outOfFold, labels[r]!) : undefined;
    const calibrated = best!.outOfFold.map((p) => applyPlatt(scaling, p));
    calibratedRoutes.push({
      route: route.key,
      ...(scaling ?? { a: 1, b: 0 }),
      errorBefore: calibrationError(best!.outOfFold, labels[r]!),
      errorAfter: calibrationError(calibrated, labels[r]!),
    });
    scalings.push(scaling);
    calibrated.forEach((p, i) => (chances[i]![r] = p));
    regularisation.push({ route: route.key, l2: best!.l2, logLoss });
    served.push(
      (options.serve ?? "average") === "average"
        ? best!.average
        : fitRoute(
            xs,
            labels[r]!,
            items.map((_, i) => i),
            dims,
            { ...logistic, l2: best!.l2 },
          ),
    );
  });
  const keys = ordered.map((route) => route.key);
  const margin = options.margin ?? DEFAULT_MARGIN;
  const requested = options.policy ?? "auto";
  const compared = (requested === "auto" ? (["chance", "gap"] as const) : [requested]).map((policy) => {
    const scores = chances.map((itemChances) => policyScores(itemChances, strongest, policy));
    // the threshold is chosen among finer candidates than the curve's grid
    const tried = candidateThresholds(scores).map((t) => policyPoint(keys, scores, outcomes, t, strongest));
    const cheapest = chooseThreshold(tried, singles, strongest, qualityTarget, { margin });
    // the same routing of every item, from the middle of its gap rather than its edge (see centreThreshold)
    const centred = centreThreshold(scores, cheapest.chosen.threshold, strongest);
    const chosen = centred === cheapest.chosen.threshold ? cheapest.chosen : policyPoint(keys, scores, outcomes, centred, strongest);
    return { policy, scores, choice: { ...cheapest, chosen } };
  });
  // "auto": the cheaper chosen point; the first ("chance", the older policy) on a tie
  const picked = compared.reduce((a, b) => (b.choice.chosen.costPerItemUsd < a.choice.chosen.costPerItemUsd - 1e-15 ? b : a));
  const { policy, scores, choice } = picked;
  const curve = THRESHOLDS.map((threshold) => policyPoint(keys, scores, outcomes, threshold, strongest));

  const verdicts = verdictRows(options.verifier ?? recordedVerdicts(items, order[0]!), outcomes);
  const verify = verdicts
    ? learnVerifyLine(verdicts, scores, outcomes, strongest, qualityTarget, margin, options.simultaneousBound ?? true)
    : undefined;

  const atServedLines = servedRows(
    scores,
    outcomes,
    strongest,
    verify ? verify.threshold : choice.chosen.threshold,
    verify && verdicts && { verifyBelow: verify.verifyBelow, verdicts },
  );
  const reliability: Reliability = {
    items: items.length,
    offStrongest: atServedLines.off.filter(Boolean).length,
    qualityAsLowAs: Math.min(
      verify ? verify.lowerBound : choice.lowerBound!,
      qualityFloor(atServedLines.passed, atServedLines.best, atServedLines.off, margin),
    ),
  };

  const artifact: RouterArtifact = {
    format: ARTIFACT_FORMAT,
    version: artifactVersion(spec),
    model: "logistic",
    features: spec,
    training: { ...logistic, l2: Math.max(...regularisation.map((route) => route.l2)), folds, items: items.length, qualityTarget, margin },
    routes: ordered.map((route, r) => ({
      ...route,
      costPerItemUsd: singles[r]!.costPerItemUsd,
      accuracy: singles[r]!.accuracy,
      l2: regularisation[r]!.l2,
      ...(scalings[r] && { calibration: scalings[r] }),
      bias: served[r]!.bias,
      weights: encodeWeights(served[r]!.weights),
    })),
    strongest: keys[strongest]!,
    policy,
    threshold: verify ? verify.threshold : choice.chosen.threshold,
    ...(verify && { verifyBelow: verify.verifyBelow }),
  };
  return {
    artifact,
    report: {
      items: items.length,
      folds,
      qualityTarget,
      margin,
      singles,
      strongest: keys[strongest]!,
      policy,
      curve,
      choice,
      policies: compared.map((entry) => ({ policy: entry.policy, choice: entry.choice })),
      regularisation,
      calibration: calibratedRoutes,
      ...(verify && { verify }),
      ...(verdicts && !verify && { verifyDeclined: {} }),
      reliability,
    },
    outOfFold: chances,
  };
}

/**
 * Thresholds tried for the choice: the display grid plus the out-of-fold chances' quantiles in steps of
 * 1/400 of the items. Predicted chances bunch up (a cheap route that passes most requests predicts 0.97–0.99
 * for many of them), where a grid of hundredths moves a large share of traffic at once.
 */
export function candidateThresholds(chances: ArrayLike<number>[]): number[] {
  const values = chances.flatMap((itemChances) => Array.from(itemChances)).sort((a, b) => a - b);
  const quantiles = Array.from({ length: 401 }, (_, k) => values[Math.min(values.length - 1, Math.floor((k / 400) * values.length))] ?? 0);
  return [...new Set([...THRESHOLDS, ...quantiles.map((t) => Math.round(t * 1e6) / 1e6)])].sort((a, b) => a - b);
}

/** Small sets need more passes to converge, large ones fewer: about 40,000 SGD steps, 8 to 50 epochs. */
function epochsFor(items: number, pinned: number | undefined, fitRows: number, meanNonZero: number, budget: number): number {
  if (pinned !== undefined) return pinned;
  const epochs = Math.min(50, Math.max(defaultLogisticOptions.epochs, Math.ceil(40_000 / items)));
  // long requests have thousands of n-grams each: a fit's work (steps × features per step) is capped,
  // at two passes at least, or one when a single pass already spends over half the budget (10,000 long
  // prompts: one pass of a fold is 2·10⁷ updates; on two dev draws one pass ranked within 1.5 points of two)
  const passes = Math.floor(budget / (Math.max(1, fitRows) * Math.max(1, meanNonZero)));
  return Math.max(passes >= 2 ? 2 : 1, Math.min(epochs, passes));
}

/** Feature updates one fit may make (steps × non-zero features per item); short requests never reach it. */
export const FIT_BUDGET = 4e7;

/**
 * Folds the L2 strength is chosen with on that sample: two, where the first version used the learner's
 * three: the choice only compares the candidates, and on 10,000 long prompts it was nearly half the fitting.
 */
const SELECTION_FOLDS = 2;

/** Above this many items the L2 strength is chosen on a sample of this size. */
export const L2_SELECTION_ITEMS = 2_500;

/** The sample (item indices, ascending) the L2 strength is chosen on, or undefined to use every item. */
function chooseOn(items: number, seed: number): number[] | undefined {
  if (items <= L2_SELECTION_ITEMS) return undefined;
  return shuffled(
    Array.from({ length: items }, (_, i) => i),
    seededRandom(seed ^ 0x12c5),
  )
    .slice(0, L2_SELECTION_ITEMS)
    .sort((a, b) => a - b);
}

interface CrossFitted {
  outOfFold: Float64Array;
  logLoss: number;
  /** The fold models' average: a bagged model, the one the out-of-fold predictions vouch for. */
  average: LogisticModel;
}

function crossFit(
  xs: SparseVector[],
  labels: number[],
  fold: Int32Array,
  folds: number,
  dims: number,
  options: LogisticOptions,
): CrossFitted {
  const outOfFold = new Float64Array(xs.length);
  const weights = new Float64Array(dims);
  let bias = 0;
  for (let f = 0; f < folds; f++) {
    const train = xs.flatMap((_, i) => (fold[i] === f ? [] : [i]));
    const model = fitRoute(xs, labels, train, dims, options);
    xs.forEach((x, i) => fold[i] === f && (outOfFold[i] = predictLogistic(model, x)));
    for (let j = 0; j < dims; j++) weights[j]! += model.weights[j]! / folds;
    bias += model.bias / folds;
  }
  let logLoss = 0;
  outOfFold.forEach((p, i) => {
    const q = Math.min(1 - 1e-9, Math.max(1e-9, p));
    logLoss -= labels[i]! * Math.log(q) + (1 - labels[i]!) * Math.log(1 - q);
  });
  return { outOfFold, logLoss: logLoss / (xs.length || 1), average: { weights, bias } };
}

function fitRoute(xs: SparseVector[], labels: number[], rows: number[], dims: number, options: LogisticOptions) {
  return trainLogistic(
    rows.map((i) => xs[i]!),
    rows.map((i) => labels[i]!),
    dims,
    options,
  );
}

/** Lower-cased, whitespace collapsed, trailing punctuation dropped: "What is 3+5?" and "what is 3+5" group. */
export function normaliseText(text: string): string {
  return text
    .toLowerCase()
    .replace(/\s+/g, " ")
    .replace(/[\s\p{P}]+$/u, "")
    .trim();
}

/**
 * Each item's fold. Items are dealt in a seeded order, position by position round the folds; grouped by
 * normalised text, an item whose text was already dealt follows it into that fold and takes no position
 * (so with every text unique the folds are the same as dealt item by item).
 */
export function assignFolds(texts: string[], folds: number, seed: number, grouping: "text" | "item" = "text"): Int32Array {
  const fold = new Int32Array(texts.length);
  const dealt = new Map<string, number>();
  let position = 0;
  for (const item of shuffled(
    texts.map((_, i) => i),
    seededRandom(seed ^ 0x5eed),
  )) {
    const key = grouping === "text" ? normaliseText(texts[item]!) : String(item);
    const earlier = dealt.get(key);
    if (earlier !== undefined) fold[item] = earlier;
    else dealt.set(key, (fold[item] = position++ % folds));
  }
  return fold;
}

/** The cheapest route's verdicts when every item has one. */
function recordedVerdicts(items: TrainingItem[], cheapest: number): VerifierVerdict[] | undefined {
  const verdicts = items.map((item) => item.verdicts?.[cheapest]);
  return verdicts.every((verdict) => verdict !== undefined) ? (verdicts as VerifierVerdict[]) : undefined;
}

/**
 * Both lines of learned + cascade from the out-of-fold scores of the router's policy (the chances, or
 * 1 − the expected loss) and the verifier's verdicts; undefined
 * when no checked band is cheaper than the plain threshold at the same bound (then the router is plain).
 */
/** The verdicts with `acceptedPassed` filled in (accepted × the cheaper route's pass: exact for one repeat). */
function verdictRows(verdicts: VerifierVerdict[] | undefined, outcomes: RouteOutcome[][]): VerdictRow[] | undefined {
  return verdicts?.map((verdict, i) => ({
    accepted: verdict.accepted,
    acceptedPassed: verdict.acceptedPassed ?? verdict.accepted * (outcomes[i]?.[0]?.passed ?? 0),
    costUsd: verdict.costUsd,
  }));
}

function learnVerifyLine(
  verifier: VerdictRow[],
  chances: ArrayLike<number>[],
  outcomes: RouteOutcome[][],
  strongest: number,
  qualityTarget: number,
  margin: number,
  simultaneous: boolean,
): (VerifyPoint & { costSaved: number }) | undefined {
  if (outcomes[0]!.length !== 2)
    throw new Error("A verify line can be learned for two routes only: the verifier's verdicts are on the cheaper route's answers");
  if (verifier.length !== outcomes.length)
    throw new Error(`The verifier's verdicts cover ${verifier.length} items; there are ${outcomes.length}`);
  if (strongest !== 1) return undefined; // the cheaper route is also the best: nothing to check it against
  const { chosen, costSaved } = chooseVerifyLines(
    chances.map((itemChances) => itemChances[0]!),
    outcomes.map((item) => [item[0]!, item[1]!]),
    verifier,
    qualityTarget,
    margin,
    { simultaneous },
  );
  return chosen.share.checked > 0 && chosen.verifyBelow > chosen.threshold ? { ...chosen, costSaved } : undefined;
}
