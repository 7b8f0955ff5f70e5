// "Require the default dataset to pass before publishing" (a per-bot switch): publishing saves the
// draft as a candidate version, runs the bot's default dataset on it and on the latest version (that
// one mostly from the response cache), and keeps the candidate only when it is not worse: refused when
// its pass rate is lower, or when more items got worse than better with a sign test p < 0.05. A refused
// candidate is deleted with its eval run; the refusal carries the comparison. A draft identical to the
// latest version publishes nothing: that version comes back with `reused`.
import { getBot, getDatasetVersion, getEvalRun, listEvalResults, publishVersion, type Db } from "@switchyard/db";
import { AppError } from "@switchyard/errors";
import { compareWithBaseline, evaluatorSchema, needsExpected, type StoredScores, type VariantStats } from "@switchyard/evals";
import { isDeepStrictEqual } from "node:util";
import { startEvalRun, type EvalControl } from "./eval-control";

/** The evaluators of the bot's last eval run (those needing expected values only where the dataset has them); the first time, exact match and contains. */
export async function defaultEvaluators(db: Db, botId: string, hasExpected: boolean) {
  const last = await db.evalRun.findFirst({ where: { botId }, orderBy: { createdAt: "desc" }, select: { evaluators: true } });
  if (last)
    return evaluatorSchema
      .array()
      .parse(last.evaluators)
      .filter((evaluator) => hasExpected || !needsExpected(evaluator));
  return hasExpected
    ? [
        { id: "exact", kind: "exact_match" as const, caseSensitive: false },
        { id: "contains", kind: "contains" as const, caseSensitive: false },
      ]
    : [];
}

async function finished(db: Db, workspaceId: string, evalRunId: string, deadline: number) {
  for (;;) {
    const run = await getEvalRun(db, workspaceId, evalRunId);
    if (run.status !== "RUNNING" && run.status !== "QUEUED") return run;
    if (Date.now() > deadline) throw new AppError("CONFLICT", "The publishing eval is still running: try again when it has finished");
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

async function scores(db: Db, workspaceId: string, evalRunId: string) {
  const results = await listEvalResults(db, workspaceId, evalRunId);
  return results.map((result) => ({
    input: String(result.datasetItem.input),
    score: result.error ? null : ((result.scores as StoredScores | null)?.score ?? null),
  }));
}

export async function publishThroughEvals(
  control: EvalControl,
  workspaceId: string,
  botId: string,
  input: { note?: string; createdById?: string; unlessUnchanged?: boolean },
  timeoutMs = 10 * 60_000,
) {
  const { db } = control;
  const bot = await getBot(db, workspaceId, botId);
  const latest = await db.botVersion.findFirst({
    where: { botId },
    orderBy: { number: "desc" },
    select: { id: true, number: true, note: true, createdAt: true, graph: true },
  });
  // asked to publish only a change, and the draft is the latest version already (an eval of the draft
  // saved it): nothing new to publish or measure
  if (input.unlessUnchanged && latest && isDeepStrictEqual(latest.graph, bot.draftGraph))
    return { version: { id: latest.id, number: latest.number, note: latest.note, createdAt: latest.createdAt, reused: true }, gate: null };
  // nothing to compare with yet (or the switch is off): an ordinary publish (identical drafts published at once save one version)
  if (!bot.requireEvalsToPublish || !bot.defaultDatasetId || !latest)
    return { version: await publishVersion(db, workspaceId, botId, input), gate: null };

  const datasetVersion = await getDatasetVersion(db, workspaceId, bot.defaultDatasetId);
  const evaluators = await defaultEvaluators(
    db,
    botId,
    datasetVersion.items.some((item) => item.expected !== null),
  );
  const candidate = await publishVersion(db, workspaceId, botId, { ...input, unlessUnchanged: false });
  const run = (versionId: string, number: number) =>
    startEvalRun(control, workspaceId, {
      name: `Publishing v${candidate.number}: v${number}`,
      botId,
      botVersionId: versionId,
      datasetVersionId: datasetVersion.id,
      variants: [{ key: "flow", label: `v${number}`, overrides: {} }],
      evaluators,
      concurrency: 8,
    });
  try {
    const [before, after] = await Promise.all([run(latest.id, latest.number), run(candidate.id, candidate.number)]);
    const deadline = Date.now() + timeoutMs;
    const [beforeRun, afterRun] = await Promise.all([
      finished(db, workspaceId, before.id, deadline),
      finished(db, workspaceId, after.id, deadline),
    ]);
    const passRate = (run: typeof beforeRun) => (run.summary as { stats?: VariantStats[] } | null)?.stats?.[0]?.passRate ?? 0;
    const comparison = {
      ...compareWithBaseline(await scores(db, workspaceId, before.id), await scores(db, workspaceId, after.id)),
      passRateBefore: passRate(beforeRun),
      passRateAfter: passRate(afterRun),
      baselineEvalRunId: before.id,
    };
    const pct = (value: number) => `${Math.round(value * 1000) / 10}%`;
    const summary = `pass rate ${pct(comparison.passRateBefore)} → ${pct(comparison.passRateAfter)}; ${comparison.worse} items worse, ${comparison.better} better of ${comparison.shared} (sign test p = ${comparison.pValue.toPrecision(2)})`;
    if (afterRun.status !== "SUCCEEDED" || comparison.significantlyWorse || comparison.passRateAfter < comparison.passRateBefore)
      throw new AppError("CONFLICT", `Not published: the draft does worse than v${latest.number} on the default dataset (${summary})`, {
        issues: [{ path: "evals", message: summary }],
      });
    return { version: candidate, gate: { passed: true, summary, comparison, evalRunId: after.id } };
  } catch (error) {
    // a refused (or failed) candidate is not a version; its eval run goes with it
    await db.botVersion.deleteMany({ where: { id: candidate.id } });
    throw error;
  }
}
