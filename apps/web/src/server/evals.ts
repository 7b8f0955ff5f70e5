// The web side of evals: the eval queue and the view of one eval run (live statistics while it runs,
// the stored summary once it has finished).
import { randomUUID } from "node:crypto";
import { getEvalRun, listEvalResults } from "@switchyard/db";
import { AppError } from "@switchyard/errors";
import { compareSides, summarize, toResultRow, type EvalSummary, type StoredScores } from "@switchyard/evals";
import { createBullConnection, createEvalQueue } from "@switchyard/queue";
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

export async function evalRunView(workspaceId: string, evalRunId: string) {
  const run = await getEvalRun(db(), workspaceId, evalRunId);
  const variants = run.variants as { key: string; label: string }[];
  const summary =
    run.status === "SUCCEEDED" && run.summary
      ? (run.summary as unknown as EvalSummary)
      : summarize(variants, (await listEvalResults(db(), workspaceId, evalRunId)).map(toResultRow));
  return { ...run, summary, unpricedVariants: await unpricedVariants(db(), workspaceId, run) };
}

/** Which items improved or regressed between two sides, each an eval run's variant. */
export async function compareEvalSides(
  workspaceId: string,
  before: { evalRunId: string; variantKey: string },
  after: { evalRunId: string; variantKey: string },
) {
  const side = async ({ evalRunId, variantKey }: { evalRunId: string; variantKey: string }) => {
    const run = await getEvalRun(db(), workspaceId, evalRunId);
    const variant = (run.variants as { key: string; label: string }[]).find((candidate) => candidate.key === variantKey);
    if (!variant) throw new AppError("NOT_FOUND", `Variant "${variantKey}" not found in that eval run`);
    const results = await listEvalResults(db(), workspaceId, evalRunId);
    const rows = results
      .filter((result) => result.variantKey === variantKey)
      .map((result) => ({
        input: String(result.datasetItem.input),
        expected: (result.datasetItem.expected as string | null) ?? null,
        score: (result.scores as StoredScores | null)?.score ?? null,
        passed: result.passed ?? false,
        output: (result.output as string | null) ?? result.error,
      }));
    return { run: { id: run.id, name: run.name, status: run.status, botVersion: run.botVersion.number }, variant, rows };
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
