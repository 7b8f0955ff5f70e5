// Executes one eval job (a chunk of item × variant × repeat cells, "pairs"): each pair's variant flow
// through the same runner as every other run (source EVAL, trace included), inside the per-provider
// concurrency limit, then the evaluators, then the result. A chunk's pairs run side by side within the
// worker's limit of pairs in flight; pairs already done (a retried or duplicated job) are skipped. The
// job that completes the last pair finishes the eval run.
import { randomUUID } from "node:crypto";
import { listEvalResultScores, setEvalRunStatus, type Db, type EvalResultRow, type EvalResultWriter, type RunWriter } from "@switchyard/db";
import { flowGraphSchema, type FlowGraph, type ModelGateway } from "@switchyard/engine";
import {
  applyOverrides,
  createPlanter,
  credentialsOf,
  injectionCaseOf,
  isAgentLimitMessage,
  pairKey,
  evaluatorSchema,
  scoreItem,
  summarize,
  toResultRow,
  variantSchema,
  type Evaluator,
  type EvaluatorServices,
  type StoredScores,
  type Turn,
} from "@switchyard/evals";
import { embed, withResponseCache, type CacheTally, type ResponseStore } from "@switchyard/providers";
import { donePairsAmong, isEvalRunStopped, markEvalPairDone, type EvalJob, type EvalJobPair, type RedisSemaphore } from "@switchyard/queue";
import type { RedisClient } from "@switchyard/queue";
import { ExpiringCache } from "./expiring-cache";
import { createLimit } from "./limit";
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

interface EvalContext {
  workspaceId: string;
  botId: string;
  botVersionId: string;
  total: number;
  concurrency: number;
  useCache: boolean;
  evaluators: Evaluator[];
  variants: Map<string, { label: string; graph: FlowGraph; credentials: string[] }>;
  variantList: { key: string; label: string }[];
  items: Map<string, { input: string; history: Turn[] | undefined; expected: string | null; expectedSources: string[] | null }>;
}

export type EvalJobOutcome = "done" | "stopped";

export function createEvalProcessor(options: EvalProcessorOptions) {
  // an eval run's definition never changes once created: its flow, variants and rows are loaded once
  const contexts = new ExpiringCache<EvalContext>(50, 10 * 60_000);
  // "still running" is reused for 100 ms, so the check costs no round trip on the way to the provider
  // (a stop is seen within 100 ms); "stopped" is never reused, so a resume takes effect at once
  const seenRunningAt = new Map<string, number>();
  const isStopped = async (evalRunId: string) => {
    if ((seenRunningAt.get(evalRunId) ?? 0) > Date.now() - 100) return false;
    const stopped = await isEvalRunStopped(options.redis, evalRunId);
    if (seenRunningAt.size > 1_000) seenRunningAt.clear();
    if (stopped) seenRunningAt.delete(evalRunId);
    else seenRunningAt.set(evalRunId, Date.now());
    return stopped;
  };

  const pairSlots = createLimit(options.pairsInFlight ?? 128);

  const loadContext = (job: Pick<EvalJob, "evalRunId" | "workspaceId">) =>
    contexts.getOrLoad(job.evalRunId, async () => {
      const run = await options.db.evalRun.findFirstOrThrow({
        where: { id: job.evalRunId, workspaceId: job.workspaceId },
        select: {
          botId: true,
          botVersionId: true,
          total: true,
          concurrency: true,
          useCache: true,
          variants: true,
          evaluators: true,
          botVersion: { select: { graph: true } },
          datasetVersion: {
            select: { items: { select: { id: true, input: true, history: true, expected: true, expectedSources: true } } },
          },
        },
      });
      const graph = flowGraphSchema.parse(run.botVersion.graph);
      const variants = variantSchema.array().parse(run.variants);
      return {
        workspaceId: job.workspaceId,
        botId: run.botId,
        botVersionId: run.botVersionId,
        total: run.total,
        concurrency: run.concurrency,
        useCache: run.useCache,
        evaluators: evaluatorSchema.array().parse(run.evaluators),
        variantList: variants.map(({ key, label }) => ({ key, label })),
        variants: new Map(
          variants.map((variant) => {
            const variantGraph = applyOverrides(graph, variant.overrides);
            return [variant.key, { label: variant.label, graph: variantGraph, credentials: credentialsOf(variantGraph) }];
          }),
        ),
        items: new Map(
          run.datasetVersion.items.map((item) => [
            item.id,
            {
              input: String(item.input),
              // a conversation's earlier turns reach the flow as its history, as a chat session's do
              history: (item.history as Turn[] | null) ?? undefined,
              expected: (item.expected as string | null) ?? null,
              expectedSources: (item.expectedSources as string[] | null) ?? null,
            },
          ]),
        ),
      };
    });

  /** Takes one slot per provider credential, in a fixed order so waiters never deadlock; resolves with their release. */
  async function acquireProviderSlots(credentials: string[], limit: number): Promise<() => Promise<void>> {
    const releases: (() => Promise<void>)[] = [];
    try {
      for (const credentialId of credentials) releases.push(await options.semaphore.acquire(`provider:${credentialId}`, limit));
    } catch (error) {
      await Promise.all(releases.map((release) => release()));
      throw error;
    }
    return async () => void (await Promise.all(releases.map((release) => release())));
  }

  async function withProviderSlots<T>(credentials: string[], limit: number, work: () => Promise<T>): Promise<T> {
    const release = await acquireProviderSlots(credentials, limit);
    try {
      return await work();
    } finally {
      await release();
    }
  }

  /**
   * The pair's model calls answered from the cache when the run allows it (a hit takes no provider
   * slot), keyed with the pair's repeat index so each repeat keeps an answer of its own.
   */
  const cached = (context: EvalContext, tally: CacheTally, repeat: number) => (models: ModelGateway) =>
    context.useCache && options.responses
      ? withResponseCache(models, { store: options.responses, workspaceId: context.workspaceId, tally, repeat })
      : models;

  function evaluatorServices(context: EvalContext, tally: CacheTally, repeat: number): EvaluatorServices {
    // made on the first judge call: most evaluators never call a model, and a gateway per pair is garbage
    let models: ReturnType<Runner["models"]> | undefined;
    const gatewayOf = () => (models ??= options.runner.models(context.workspaceId));
    const judgeModels = cached(
      context,
      tally,
      repeat,
    )({
      generate: async (request, callOptions) =>
        withProviderSlots([request.credentialId], context.concurrency, async () => (await gatewayOf()).generate(request, callOptions)),
    });
    return {
      assert: options.assert,
      // embedding calls count against the provider's limit and are costed at the workspace's price
      // for the embedding model (list prices cover chat models only)
      embed: async (values) => {
        const target = await options.runner.embeddingTarget(context.workspaceId);
        if (!target) return null;
        const { vectors, tokens } = await withProviderSlots([target.credentialId], context.concurrency, () =>
          embed({ credential: target.credential, model: target.model, values }),
        );
        const catalog = await options.runner.catalog(context.workspaceId);
        return { vectors, costUsd: catalog.cost(target.credential.kind, target.model, tokens, 0) };
      },
      judge: async (request) => {
        const response = await judgeModels.generate(
          {
            credentialId: request.credentialId,
            model: request.model,
            system: request.system,
            messages: [{ role: "user", content: request.prompt }],
            temperature: 0,
            timeoutMs: 60_000,
            maxRetries: 2,
            stream: false,
          },
          { signal: new AbortController().signal },
        );
        return { text: response.text, costUsd: response.usage.costUsd };
      },
    };
  }

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

    const runId = randomUUID();
    const tally: CacheTally = { cachedCalls: 0, savedUsd: 0 };
    // Slots are taken before the run starts (so a stop while waiting for one holds) and given back as
    // soon as the run's first model call ends, not after the run's trace is written: the provider's
    // limit, not the trace write, should set the pace. Later model calls of the run take their own.
    // With the response cache on, each call takes its slot only when the cache has no answer for it.
    const useCache = context.useCache && options.responses !== undefined;
    let held: (() => Promise<void>) | null = useCache ? null : await acquireProviderSlots(variant.credentials, context.concurrency);
    const giveBack = async () => {
      const release = held;
      held = null;
      await release?.();
    };
    // the injection suite's items run with their case's hostile text planted in a tool result
    const injectionSuite = context.evaluators.some((evaluator) => evaluator.kind === "prompt_injection");
    const injection = injectionSuite ? injectionCaseOf(item.expected) : undefined;
    let outcome: RunOutcome;
    let stoppedWhileWaiting = false;
    try {
      if (await isStopped(job.evalRunId)) return "stopped";
      outcome = await options.runner.process(
        {
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
        },
        {
          newRunId: true,
          unseen: true,
          deferWrite: true,
          withRetrievals: true,
          withToolCalls: injectionSuite,
          ...(injection && { redTeam: createPlanter(injection) }),
          wrapModels: cached(context, tally, pair.repeat),
          limitModelCall: async (credentialId, call) => {
            const claimed = held;
            if (!claimed)
              return withProviderSlots([credentialId], context.concurrency, async () => {
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
        },
      );
    } finally {
      await giveBack();
    }
    if (stoppedWhileWaiting) return "stopped";
    const succeeded = outcome.status === "SUCCEEDED";
    // a run an agent's limit stopped is still judged for injection: stopping the attack is the point
    // (any other failure, a provider's say, stays an error: it proves nothing either way)
    const stoppedByLimit = outcome.status === "FAILED" && isAgentLimitMessage(outcome.error);
    const evaluators = succeeded
      ? context.evaluators
      : stoppedByLimit
        ? context.evaluators.filter((evaluator) => evaluator.kind === "prompt_injection")
        : [];
    const scored = evaluators.length
      ? await scoreItem(
          evaluators,
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
          evaluatorServices(context, tally, pair.repeat),
        )
      : { scores: [], checks: [], score: null, passed: false, costUsd: 0 };
    const scores: StoredScores = { score: scored.score, evaluators: scored.scores, checks: scored.checks };
    const row: EvalResultRow = {
      evalRunId: job.evalRunId,
      datasetItemId: pair.datasetItemId,
      variantKey: pair.variantKey,
      repeat: pair.repeat,
      output: outcome.output,
      scores,
      passed: scored.passed,
      // a failed run the injection judge scored is a measured item (the reason names the failure)
      error: succeeded || evaluators.length ? null : (outcome.error ?? `The run ended ${outcome.status.toLowerCase()}`),
      costUsd: outcome.costUsd + scored.costUsd,
      latencyMs: outcome.latencyMs,
      runId,
      cachedCalls: tally.cachedCalls,
      savedUsd: tally.savedUsd,
    };
    return { row, unwritten: outcome.unwritten };
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
    await Promise.all(
      pairs.map((pair) =>
        options.results.write({
          evalRunId: job.evalRunId,
          datasetItemId: pair.datasetItemId,
          variantKey: pair.variantKey,
          repeat: pair.repeat,
          output: null,
          scores: { score: null, evaluators: [] } satisfies StoredScores,
          passed: false,
          error: reason,
          costUsd: 0,
          latencyMs: null,
          runId: null,
          cachedCalls: 0,
          savedUsd: 0,
        }),
      ),
    );
    const done = await markEvalPairDone(options.redis, job.evalRunId, [...stored, ...pairs.map(pairKey)]);
    await finishIfComplete(job, context, done);
  }

  return { process, recordFailure };
}

export type EvalProcessor = ReturnType<typeof createEvalProcessor>;
