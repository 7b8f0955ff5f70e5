// Executes one eval job (a chunk of item × variant × repeat cells, "pairs"): each pair's variant flow
// through the same runner as every other run (source EVAL, trace included), inside the per-provider
// concurrency limit, then the evaluators, then the result. A chunk's pairs run side by side within the
// worker's limit of pairs in flight; pairs already done (a retried or duplicated job) are skipped. The
// job that completes the last pair finishes the eval run.
import {
  listEvalResultScores,
  setEvalRunStatus,
  timeOrderedUuid,
  type Db,
  type EvalResultRow,
  type EvalResultWriter,
  type RunWriter,
} from "@switchyard/db";
import {
  createPlanter,
  injectionCaseOf,
  pairKey,
  summarize,
  toResultRow,
  type EvaluatorServices,
  type StoredScores,
} from "@switchyard/evals";
import type { CacheTally, ResponseStore } from "@switchyard/providers";
import { donePairsAmong, markEvalPairDone, type EvalJob, type EvalJobPair, type RedisSemaphore } from "@switchyard/queue";
import type { RedisClient } from "@switchyard/queue";
import { loadEvalContext, type EvalContext, type EvalItem, type EvalVariant } from "./eval-context";
import { cachedModels, evaluatorServices } from "./eval-services";
import { createStopCheck } from "./eval-stop-check";
import { ExpiringCache } from "./expiring-cache";
import { createLimit } from "./limit";
import { judgesOf, pairRunJob, resultRow, scorePair } from "./eval-pair";
import { acquireProviderSlots, withProviderSlots } from "./provider-slots";
import type { Runner, RunOutcome } from "./run-job";

export interface EvalProcessorOptions {
  db: Db;
  redis: RedisClient;
  runner: Runner;
  results: EvalResultWriter;
  /** The runner's trace writer: a pair's run and result go in one statement through it. */
  runs: RunWriter;
  semaphore: RedisSemaphore;
  /** The sandbox for JavaScript assertions, where one is available. */
  assert?: EvaluatorServices["assert"];
  /** The eval response cache; without it every call goes to the provider. */
  responses?: ResponseStore;
  /** Pairs this process runs at once, across all its jobs (EVAL_WORKER_CONCURRENCY); default 128. */
  pairsInFlight?: number;
}

export interface EvalJobAttempt {
  /** The job ran before (a retry, or taken over from a crashed worker): pairs may have results already. */
  retried?: boolean;
}

export type EvalJobOutcome = "done" | "stopped";

export function createEvalProcessor(options: EvalProcessorOptions) {
  const { semaphore } = options;
  // an eval run's definition never changes once created: its flow, variants and rows are loaded once
  const contexts = new ExpiringCache<EvalContext>(50, 10 * 60_000);
  const loadContext = (job: Pick<EvalJob, "evalRunId" | "workspaceId">) =>
    contexts.getOrLoad(job.evalRunId, () => loadEvalContext(options.db, job.workspaceId, job.evalRunId));
  const isStopped = createStopCheck(options.redis);
  const pairSlots = createLimit(options.pairsInFlight ?? 128);

  async function finishIfComplete(job: Pick<EvalJob, "evalRunId" | "workspaceId">, context: EvalContext, done: number): Promise<void> {
    if (done < context.total) return;
    const results = await listEvalResultScores(options.db, job.workspaceId, job.evalRunId);
    if (results.length < context.total) return; // Redis remembered more than the database holds: a later job finishes
    const summary = summarize(context.variantList, results.map(toResultRow));
    await setEvalRunStatus(options.db, job.workspaceId, job.evalRunId, ["RUNNING"], "SUCCEEDED", summary);
  }

  /**
   * Runs one pair within the worker's limit of pairs in flight, then stores its result outside it: a
   * pair waiting for its write holds no slot, so the next pair runs meanwhile (the writes are bounded
   * by the jobs this worker holds). With the slot held until the commit, a cached re-run's 128 slots
   * were mostly pairs waiting for the two write batches in flight, and the worker sat idle.
   */
  async function runPair(job: EvalJob, context: EvalContext, pair: EvalJobPair): Promise<EvalJobOutcome> {
    const executed = await pairSlots(() => executePair(job, context, pair));
    if (executed === "stopped") return "stopped";
    const { row, unwritten } = executed;
    // the trace and the result together (one statement, one commit) unless the run was already written
    if (unwritten) await options.runs.write(unwritten.run, unwritten.steps, [row]);
    else await options.results.write(row);
    return "done";
  }

  /**
   * Runs one pair's flow and evaluators: its result row and, when the run has not been written yet, its
   * trace; or "stopped" when the run was stopped before the pair began.
   */
  async function executePair(
    job: EvalJob,
    context: EvalContext,
    pair: EvalJobPair,
  ): Promise<{ row: EvalResultRow; unwritten: RunOutcome["unwritten"] } | "stopped"> {
    if (await isStopped(job.evalRunId)) return "stopped";
    const variant = context.variants.get(pair.variantKey);
    const item = context.items.get(pair.datasetItemId);
    if (!variant || !item) throw new Error(`Eval job names an item or variant its eval run does not have`);

    const runId = timeOrderedUuid();
    const tally: CacheTally = { cachedCalls: 0, savedUsd: 0 };
    const outcome = await runPairFlow(job, context, pair, { variant, item, runId, tally });
    if (outcome === "stopped") return "stopped";
    const judges = judgesOf(context.evaluators, outcome);
    const scored = await scorePair(judges, item, outcome, () => evaluatorServices(options, context, tally, pair.repeat));
    const row = resultRow(job, pair, {
      output: outcome.output,
      scores: { score: scored.score, evaluators: scored.scores, checks: scored.checks } satisfies StoredScores,
      passed: scored.passed,
      // a failed run the injection judge scored is a measured item (the reason names the failure)
      error: outcome.status === "SUCCEEDED" || judges.length ? null : (outcome.error ?? `The run ended ${outcome.status.toLowerCase()}`),
      costUsd: outcome.costUsd + scored.costUsd,
      latencyMs: outcome.latencyMs,
      runId,
      cachedCalls: tally.cachedCalls,
      savedUsd: tally.savedUsd,
    });
    return { row, unwritten: outcome.unwritten };
  }

  /**
   * Runs a pair's flow within its provider limit; "stopped" when the eval run was stopped before it
   * began or while one of its model calls waited for a slot.
   */
  async function runPairFlow(
    job: EvalJob,
    context: EvalContext,
    pair: EvalJobPair,
    { variant, item, runId, tally }: { variant: EvalVariant; item: EvalItem; runId: string; tally: CacheTally },
  ): Promise<RunOutcome | "stopped"> {
    // Slots are taken before the run starts (so a stop while waiting for one holds) and given back as
    // soon as the run's first model call ends, not after the run's trace is written: the provider's
    // limit, not the trace write, should set the pace. Later model calls of the run take their own.
    // With the response cache on, each call takes its slot only when the cache has no answer for it.
    const useCache = context.useCache && options.responses !== undefined;
    let held: (() => Promise<void>) | null = useCache
      ? null
      : await acquireProviderSlots(semaphore, variant.credentials, context.concurrency);
    const giveBack = async () => {
      const release = held;
      held = null;
      await release?.();
    };
    // the injection suite's items run with their case's hostile text planted in a tool result
    const injectionSuite = context.evaluators.some((evaluator) => evaluator.kind === "prompt_injection");
    const injection = injectionSuite ? injectionCaseOf(item.expected) : undefined;
    let stoppedWhileWaiting = false;
    // time this run's calls spent waiting for the eval's own provider slots: the eval's pacing, not the
    // bot's latency, so it is left out of the latency the result records and the latency evaluator reads
    let waitedMs = 0;
    try {
      if (await isStopped(job.evalRunId)) return "stopped";
      const outcome = await options.runner.process(pairRunJob(job, context, pair, runId, variant, item), {
        newRunId: true,
        unseen: true,
        deferWrite: true,
        withRetrievals: true,
        withToolCalls: injectionSuite,
        ...(injection && { redTeam: createPlanter(injection) }),
        wrapModels: cachedModels(options, context, tally, pair.repeat),
        limitModelCall: async (credentialId, call) => {
          const claimed = held;
          const asked = performance.now();
          if (!claimed)
            return withProviderSlots(semaphore, [credentialId], context.concurrency, async () => {
              waitedMs += performance.now() - asked;
              // a pair whose call waited for its slot (the cache had no answer) while the eval run was
              // stopped ends as stopped, with no result; its run, if it was shown, ends as cancelled
              if (await isStopped(job.evalRunId)) {
                stoppedWhileWaiting = true;
                options.runner.cancel(runId);
                throw new Error("The eval run was stopped");
              }
              return call();
            });
          held = null; // a concurrent model call of this run takes a slot of its own
          try {
            return await call();
          } finally {
            await claimed();
          }
        },
      });
      if (stoppedWhileWaiting) return "stopped";
      return waitedMs ? { ...outcome, latencyMs: Math.max(0, Math.round(outcome.latencyMs - waitedMs)) } : outcome;
    } finally {
      await giveBack();
    }
  }

  /**
   * The job's pairs that have no result yet (`pending`), from the pairs marked done in Redis and, after a
   * retry, the results in the database; `stored` are those only the database knew of (a worker died
   * before marking them), to be marked now so the run can finish.
   */
  async function pendingPairs(job: EvalJob, attempt: EvalJobAttempt): Promise<{ pending: EvalJobPair[]; stored: string[] }> {
    const marked = await donePairsAmong(options.redis, job.evalRunId, job.pairs.map(pairKey));
    const stored = new Set<string>();
    if (attempt.retried) {
      const results = await options.db.evalResult.findMany({
        where: { evalRunId: job.evalRunId, datasetItemId: { in: [...new Set(job.pairs.map((pair) => pair.datasetItemId))] } },
        select: { datasetItemId: true, variantKey: true, repeat: true },
      });
      const ours = new Set(job.pairs.map(pairKey));
      for (const result of results) if (ours.has(pairKey(result)) && !marked.has(pairKey(result))) stored.add(pairKey(result));
    }
    return { pending: job.pairs.filter((pair) => !marked.has(pairKey(pair)) && !stored.has(pairKey(pair))), stored: [...stored] };
  }

  async function process(job: EvalJob, attempt: EvalJobAttempt = {}): Promise<EvalJobOutcome> {
    if (await isStopped(job.evalRunId)) return "stopped";
    const context = await loadContext(job);
    const { pending: pairs, stored } = await pendingPairs(job, attempt);
    const outcomes = await Promise.allSettled(pairs.map((pair) => runPair(job, context, pair)));
    // the pairs that finished count even when another failed: a retry skips them
    const finished = pairs.filter((_, index) => {
      const outcome = outcomes[index]!;
      return outcome.status === "fulfilled" && outcome.value === "done";
    });
    const done = await markEvalPairDone(options.redis, job.evalRunId, [...stored, ...finished.map(pairKey)]);
    await finishIfComplete(job, context, done);
    const failed = outcomes.find((outcome) => outcome.status === "rejected");
    if (failed) throw failed.reason; // the queue retries the job, which skips what finished
    return outcomes.some((outcome) => outcome.status === "fulfilled" && outcome.value === "stopped") ? "stopped" : "done";
  }

  /** Pairs the queue gave up on (repeated infrastructure errors) are recorded as errors so the run can finish. */
  async function recordFailure(job: EvalJob, reason: string): Promise<void> {
    const context = await loadContext(job);
    const { pending: pairs, stored } = await pendingPairs(job, { retried: true });
    await Promise.all(pairs.map((pair) => options.results.write(resultRow(job, pair, { error: reason }))));
    const done = await markEvalPairDone(options.redis, job.evalRunId, [...stored, ...pairs.map(pairKey)]);
    await finishIfComplete(job, context, done);
  }

  return { process, recordFailure };
}

export type EvalProcessor = ReturnType<typeof createEvalProcessor>;
