// The web side of evals: the eval queue and the view of one eval run (live statistics while it runs,
// the stored summary once it has finished).
import { randomUUID } from "node:crypto";
import { evalRunCacheTotals, getEvalRun, listEvalResults, routeSharesOfEvalRun } from "@switchyard/db";
import { AppError } from "@switchyard/errors";
import {
  compareSides,
  evaluatorSchema,
  hasIntervals,
  summarize,
  toResultRow,
  type EvalSummary,
  type StoredScores,
  type Variant,
} from "@switchyard/evals";
import { createBullConnection, createEvalQueue } from "@switchyard/queue";
import { z } from "zod";
import { budgets, db, env, redis } from "./services";
import { unpricedVariants } from "./unpriced-variants";

const globalForEvals = globalThis as unknown as { evalQueue?: ReturnType<typeof createEvalQueue> };

export function evalControl() {
  globalForEvals.evalQueue ??= createEvalQueue(createBullConnection(env().REDIS_URL));
  return { db: db(), redis: redis(), queue: globalForEvals.evalQueue, admit: admitEvalRun };
}

/**
 * The same monthly-budget admission as a run (the same 402), checked once when the eval run is
 * created: its item runs are charged as they finish, so the probe's hold is dropped at once.
 */
async function admitEvalRun(workspaceId: string) {
  const probe = { runId: `eval-admission:${randomUUID()}`, workspaceId, deploymentId: null };
  await budgets().admit(probe);
  await budgets().release(probe);
}

/** Variants as stored: checked when the run was created, read back without the creation-time limits. */
const storedVariantsSchema = z.array(
  z.object({ key: z.string(), label: z.string(), overrides: z.record(z.string(), z.record(z.string(), z.unknown())).default({}) }),
) satisfies z.ZodType<Variant[]>;

/** One eval run with its JSON columns typed: variants, evaluators and the summary. */
export async function evalRunView(workspaceId: string, evalRunId: string) {
  const run = await getEvalRun(db(), workspaceId, evalRunId);
  const variants = storedVariantsSchema.parse(run.variants);
  const stored = run.status === "SUCCEEDED" && run.summary ? (run.summary as unknown as EvalSummary) : null;
  // summaries stored before intervals existed are computed again
  const summary =
    stored && hasIntervals(stored) ? stored : summarize(variants, (await listEvalResults(db(), workspaceId, evalRunId)).map(toResultRow));
  // a routed bot's variants also say where their items went; a variant without prices costs "unknown", not $0
  const [cache, routeShares, unpriced] = await Promise.all([
    evalRunCacheTotals(db(), evalRunId),
    routeSharesOfEvalRun(db(), workspaceId, evalRunId),
    unpricedVariants(db(), workspaceId, run),
  ]);
  const evaluators = evaluatorSchema.array().parse(run.evaluators);
  return { ...run, variants, evaluators, summary, cache, routeShares, unpricedVariants: unpriced };
}

/** Which items improved or regressed between two sides, each an eval run's variant. */
export async function compareEvalSides(
  workspaceId: string,
  before: { evalRunId: string; variantKey: string },
  after: { evalRunId: string; variantKey: string },
) {
  const side = async ({ evalRunId, variantKey }: { evalRunId: string; variantKey: string }) => {
    const run = await getEvalRun(db(), workspaceId, evalRunId);
    const variant = storedVariantsSchema.parse(run.variants).find((candidate) => candidate.key === variantKey);
    if (!variant) throw new AppError("NOT_FOUND", `Variant "${variantKey}" not found in that eval run`);
    const results = await listEvalResults(db(), workspaceId, evalRunId);
    // an item's repeats make one row: the mean of their scores, passed only when every repeat passed
    const byItem = new Map<string, typeof results>();
    for (const result of results.filter((candidate) => candidate.variantKey === variantKey))
      byItem.set(result.datasetItemId, [...(byItem.get(result.datasetItemId) ?? []), result]);
    const rows = [...byItem.values()].map((repeats) => {
      const first = repeats[0]!;
      return {
        input: String(first.datasetItem.input),
        expected: (first.datasetItem.expected as string | null) ?? null,
        score: repeats.reduce((sum, result) => sum + ((result.scores as StoredScores | null)?.score ?? 0), 0) / repeats.length,
        passed: repeats.every((result) => result.passed ?? false),
        output: (first.output as string | null) ?? first.error,
      };
    });
    return {
      run: { id: run.id, name: run.name, status: run.status, botVersion: run.botVersion.number, botId: run.bot.id },
      variant,
      rows,
    };
  };
  const [left, right] = await Promise.all([side(before), side(after)]);
  const comparison = compareSides(left.rows, right.rows);
  const expectedByInput = new Map([...left.rows, ...right.rows].map((row) => [row.input, row.expected]));
  return {
    before: { run: left.run, variant: left.variant },
    after: { run: right.run, variant: right.variant },
    ...comparison,
    items: comparison.items.map((item) => ({ ...item, expected: expectedByInput.get(item.input) ?? null })),
  };
}
