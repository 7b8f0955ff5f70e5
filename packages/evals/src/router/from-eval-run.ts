// Turns an eval run into a learned router's training set, refusing runs a router cannot be learned
// from: one variant, variants that change more than one node's model, or too few items scored on every
// variant. Repeats of an item on a variant average into its pass rate and mean cost.
import { MIN_TRAINING_ITEMS, type TrainingItem } from "./learn";
import { selfConsistencyVerdict, type SelfConsistencyVerifier } from "./self-consistency";

const MODEL_FIELDS = new Set(["model", "credentialId"]);

export interface EvalRunForRouter {
  variants: { key: string; label: string; overrides: Record<string, Record<string, unknown>> }[];
  /** The graph of the bot version the eval run ran. */
  graph: { nodes: { id: string; type: string; config: Record<string, unknown> }[] };
  results: {
    datasetItemId: string;
    input: string;
    variantKey: string;
    passed: boolean | null;
    costUsd: number;
    /** The answer the evaluators scored (null when the run errored): self-consistency compares them. */
    output?: string | null;
    /** Each evaluator's verdict on the output (absent or null when the result has none). */
    scores?: { evaluatorId: string; passed: boolean; skipped?: boolean }[] | null;
  }[];
  /** The eval run's evaluators, by id and kind: which one may serve as a verifier. */
  evaluators?: { id: string; kind: string }[];
}

/**
 * Evaluator kinds that can verify an answer at serving time exactly as they scored it in the eval run:
 * they need no expected value, cost nothing and are deterministic (the Router's cascade verifier has
 * the same kinds and semantics).
 */
export const VERIFIER_EVALUATOR_KINDS = ["regex", "json"] as const;

export interface RouterRoute {
  key: string;
  label: string;
  credentialId: string;
  model: string;
}

export class RouterTrainingError extends Error {}

/** The node whose model the variants change, and each variant's model there. */
export function routesFromVariants(run: Pick<EvalRunForRouter, "variants" | "graph">): { nodeId: string; routes: RouterRoute[] } {
  if (run.variants.length < 2)
    throw new RouterTrainingError("Learning a router needs an eval run with at least two variants that use different models");
  const nodeIds = new Set(run.variants.flatMap((variant) => Object.keys(variant.overrides)));
  if (nodeIds.size !== 1)
    throw new RouterTrainingError(
      nodeIds.size
        ? `The variants change ${nodeIds.size} nodes (${[...nodeIds].join(", ")}); a router can be learned only from variants that differ in one node's model`
        : "The variants do not change any node's model",
    );
  const nodeId = [...nodeIds][0]!;
  for (const variant of run.variants) {
    const other = Object.keys(variant.overrides[nodeId] ?? {}).filter((field) => !MODEL_FIELDS.has(field));
    if (other.length)
      throw new RouterTrainingError(
        `Variant "${variant.label}" also changes ${other.join(", ")}; a router can be learned only from variants that differ in their model alone`,
      );
  }
  const node = run.graph.nodes.find((candidate) => candidate.id === nodeId);
  if (!node) throw new RouterTrainingError(`The variants change node "${nodeId}", which the bot version does not have`);
  const routes = run.variants.map((variant) => {
    const target = { ...node.config, ...variant.overrides[nodeId] };
    return { key: variant.key, label: variant.label, credentialId: String(target.credentialId ?? ""), model: String(target.model ?? "") };
  });
  if (routes.some((route) => !route.credentialId || !route.model))
    throw new RouterTrainingError(`Node "${nodeId}" is not a model node: its variants name no provider and model`);
  const models = new Set(routes.map((route) => `${route.credentialId}/${route.model}`));
  if (models.size !== routes.length) throw new RouterTrainingError("Two variants use the same model: each route must be a different model");
  return { nodeId, routes };
}

/**
 * Items scored on every variant, with each variant's pass rate and cost (averaged over repeats). With a
 * verifier, also its verdict on each variant's answers: for one of the run's evaluators of a
 * `VERIFIER_EVALUATOR_KINDS` kind, the share of repeats it accepted and the share it accepted that
 * passed; for self-consistency, the chance that `samples` of the item's repeats agree (and that the one
 * served passed), each check costing `samples` − 1 more answers at the variant's measured cost per item.
 */
export function trainingItems(
  run: EvalRunForRouter,
  { verifierEvaluatorId, selfConsistency }: { verifierEvaluatorId?: string; selfConsistency?: SelfConsistencyVerifier } = {},
): TrainingItem[] {
  if (verifierEvaluatorId !== undefined && selfConsistency)
    throw new RouterTrainingError("Choose one verifier: an evaluator or self-consistency, not both");
  if (verifierEvaluatorId !== undefined) {
    const evaluator = run.evaluators?.find((candidate) => candidate.id === verifierEvaluatorId);
    if (!evaluator) throw new RouterTrainingError(`The eval run has no evaluator "${verifierEvaluatorId}" to verify answers with`);
    if (!(VERIFIER_EVALUATOR_KINDS as readonly string[]).includes(evaluator.kind))
      throw new RouterTrainingError(
        `An evaluator of kind ${evaluator.kind} cannot verify answers while serving; choose a regular-expression or JSON evaluator (they need no expected value)`,
      );
  }
  type Row = {
    passed: number;
    cost: number;
    count: number;
    accepted: number;
    acceptedPassed: number;
    verdicts: number;
    repeats: { answer: string | null; passed: boolean }[];
  };
  const byItem = new Map<string, { input: string; rows: Map<string, Row> }>();
  for (const result of run.results) {
    const item = byItem.get(result.datasetItemId) ?? { input: result.input, rows: new Map() };
    byItem.set(result.datasetItemId, item);
    const row = item.rows.get(result.variantKey) ?? {
      passed: 0,
      cost: 0,
      count: 0,
      accepted: 0,
      acceptedPassed: 0,
      verdicts: 0,
      repeats: [],
    };
    row.passed += result.passed ? 1 : 0; // an errored result (null) fails, as in the eval's own statistics
    row.cost += result.costUsd;
    row.count++;
    if (verifierEvaluatorId !== undefined) {
      const score = result.scores?.find((candidate) => candidate.evaluatorId === verifierEvaluatorId);
      // an errored result has no scores: the verifier had no answer to accept
      const accepted = score !== undefined && (score.passed || score.skipped === true);
      row.accepted += accepted ? 1 : 0;
      row.acceptedPassed += accepted && result.passed ? 1 : 0;
      row.verdicts++;
    }
    if (selfConsistency) row.repeats.push({ answer: result.output ?? null, passed: result.passed === true });
    item.rows.set(result.variantKey, row);
  }
  const scored = [...byItem.values()].filter((item) => run.variants.every((variant) => item.rows.has(variant.key)));
  if (selfConsistency) {
    const fewest = Math.min(...scored.flatMap((item) => [...item.rows.values()].map((row) => row.count)));
    if (fewest < selfConsistency.samples)
      throw new RouterTrainingError(
        `Self-consistency of ${selfConsistency.samples} samples needs at least ${selfConsistency.samples} answers of each model per item: ` +
          `run the eval with ${selfConsistency.samples} or more repeats (this eval run has ${fewest} for some items)`,
      );
  }
  const items: TrainingItem[] = [];
  for (const item of scored) {
    items.push({
      text: item.input,
      outcomes: run.variants.map((variant) => {
        const row = item.rows.get(variant.key)!;
        return { passed: row.passed / row.count, costUsd: row.cost / row.count };
      }),
      ...(verifierEvaluatorId !== undefined && {
        verdicts: run.variants.map((variant) => {
          const row = item.rows.get(variant.key)!;
          // the verifier's own cost is none: its kinds are a pattern and a schema
          return { accepted: row.accepted / row.count, acceptedPassed: row.acceptedPassed / row.count, costUsd: 0 };
        }),
      }),
      ...(selfConsistency && {
        verdicts: run.variants.map((variant) => {
          const row = item.rows.get(variant.key)!;
          const verdict = selfConsistencyVerdict(row.repeats, selfConsistency.samples);
          // the first sample is the answer itself: the check adds samples − 1 calls of the same model
          return { ...verdict, costUsd: (selfConsistency.samples - 1) * (row.cost / row.count) };
        }),
      }),
    });
  }
  if (items.length < MIN_TRAINING_ITEMS)
    throw new RouterTrainingError(
      `Learning a router needs at least ${MIN_TRAINING_ITEMS} items scored on every variant; this eval run has ${items.length}`,
    );
  return items;
}
