// Turns an eval run into a learned router's training set, refusing runs a router cannot be learned
// from: one variant, variants that change more than one node's model, or too few items scored on every
// variant. Repeats of an item on a variant average into its pass rate and mean cost.
import { MIN_TRAINING_ITEMS, type TrainingItem } from "./learn";

const MODEL_FIELDS = new Set(["model", "credentialId"]);

export interface EvalRunForRouter {
  variants: { key: string; label: string; overrides: Record<string, Record<string, unknown>> }[];
  /** The graph of the bot version the eval run ran. */
  graph: { nodes: { id: string; type: string; config: Record<string, unknown> }[] };
  results: { datasetItemId: string; input: string; variantKey: string; passed: boolean | null; costUsd: number }[];
}

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

/** Items scored on every variant, with each variant's pass rate and cost (averaged over repeats). */
export function trainingItems(run: EvalRunForRouter): TrainingItem[] {
  const byItem = new Map<string, { input: string; rows: Map<string, { passed: number; cost: number; count: number }> }>();
  for (const result of run.results) {
    const item = byItem.get(result.datasetItemId) ?? { input: result.input, rows: new Map() };
    byItem.set(result.datasetItemId, item);
    const row = item.rows.get(result.variantKey) ?? { passed: 0, cost: 0, count: 0 };
    row.passed += result.passed ? 1 : 0; // an errored result (null) fails, as in the eval's own statistics
    row.cost += result.costUsd;
    row.count++;
    item.rows.set(result.variantKey, row);
  }
  const items: TrainingItem[] = [];
  for (const item of byItem.values()) {
    if (!run.variants.every((variant) => item.rows.has(variant.key))) continue;
    items.push({
      text: item.input,
      outcomes: run.variants.map((variant) => {
        const row = item.rows.get(variant.key)!;
        return { passed: row.passed / row.count, costUsd: row.cost / row.count };
      }),
    });
  }
  if (items.length < MIN_TRAINING_ITEMS)
    throw new RouterTrainingError(
      `Learning a router needs at least ${MIN_TRAINING_ITEMS} items scored on every variant; this eval run has ${items.length}`,
    );
  return items;
}
