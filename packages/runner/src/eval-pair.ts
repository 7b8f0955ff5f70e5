// One pair of an eval job as data: the run it starts, the evaluators that judge it, and its result row.
import type { EvalResultRow } from "@switchyard/db";
import { isAgentLimitMessage, scoreItem, type Evaluator, type EvaluatorServices, type StoredScores } from "@switchyard/evals";
import type { EvalJob, EvalJobPair, RunJob } from "@switchyard/queue";
import type { EvalContext, EvalItem, EvalVariant } from "./eval-context";
import type { RunOutcome } from "./run-job";

type PairFacts = Partial<Omit<EvalResultRow, "evalRunId" | "datasetItemId" | "variantKey" | "repeat">>;

/** A pair's result row: what is given, else nothing measured (no output, no score, no cost). */
export function resultRow(job: EvalJob, pair: EvalJobPair, facts: PairFacts): EvalResultRow {
  return {
    evalRunId: job.evalRunId,
    datasetItemId: pair.datasetItemId,
    variantKey: pair.variantKey,
    repeat: pair.repeat,
    output: null,
    scores: { score: null, evaluators: [] } satisfies StoredScores,
    passed: false,
    error: null,
    costUsd: 0,
    latencyMs: null,
    runId: null,
    cachedCalls: 0,
    savedUsd: 0,
    ...facts,
  };
}

/** The run a pair starts: its variant's flow on its item, recorded as an eval run's. */
export function pairRunJob(
  job: EvalJob,
  context: EvalContext,
  pair: EvalJobPair,
  runId: string,
  variant: EvalVariant,
  item: EvalItem,
): RunJob {
  return {
    runId,
    workspaceId: context.workspaceId,
    botId: context.botId,
    botVersionId: context.botVersionId,
    graph: variant.graph,
    graphKey: `eval:${job.evalRunId}:${pair.variantKey}`,
    deploymentId: null,
    source: "EVAL",
    input: { message: item.input, history: item.history },
    enqueuedAt: Date.now(),
    streamTokens: false, // results are read when the pair is done
  };
}

/**
 * The evaluators that judge a run: all of them when it succeeded. A run an agent's limit stopped is
 * still judged for injection, since stopping the attack is the point; any other failure (a provider's
 * say) proves nothing either way and is judged by none.
 */
export function judgesOf(evaluators: Evaluator[], outcome: RunOutcome): Evaluator[] {
  if (outcome.status === "SUCCEEDED") return evaluators;
  if (outcome.status === "FAILED" && isAgentLimitMessage(outcome.error))
    return evaluators.filter((evaluator) => evaluator.kind === "prompt_injection");
  return [];
}

export async function scorePair(judges: Evaluator[], item: EvalItem, outcome: RunOutcome, services: () => EvaluatorServices) {
  if (!judges.length) return { scores: [], checks: [], score: null, passed: false, costUsd: 0 };
  return scoreItem(
    judges,
    {
      input: item.input,
      expected: item.expected,
      output: outcome.output,
      latencyMs: outcome.latencyMs,
      costUsd: outcome.costUsd,
      retrievals: outcome.retrievals,
      expectedSources: item.expectedSources,
      toolCalls: outcome.toolCalls,
      runError: outcome.error,
    },
    services(),
  );
}
