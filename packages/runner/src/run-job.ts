// Executes one run job in a worker: the flow (compiled once per version and cached), the engine with
// real providers, events streamed to Redis as they happen, and the whole trace persisted in one write
// before the run is announced as finished (the announcement settles its budget in the same script).
// With `announceBeforeStored`, a run is announced (its finish record riding on the same append) before
// that write, which then completes before the job does: a worker dying in between leaves the job to be
// retried, and the retry stores the record from the run's stream instead of running the flow again
// (docs/reliability.md, "Finish before it is stored").
import {
  decryptSecret,
  listModelPrices,
  readPoolForRun,
  runColumnsOf,
  type Db,
  type RunRecord,
  type RunWriter,
  type StepRow,
} from "@switchyard/db";
import {
  compileFlow,
  EVAL_PAUSE_REFUSAL,
  executeFlow,
  flowGraphSchema,
  type CompiledFlow,
  type ModelGateway,
  type NodeRegistry,
  type RunEndStatus,
  type RunFinishedEvent,
  type RunResult,
  type ToolResultPlanter,
} from "@switchyard/engine";
import { notFound } from "@switchyard/errors";
import { retrievalsOf, toolCallsOf, type Retrieval, type TracedToolCall } from "@switchyard/evals";
import { createRetrievalService, loadEmbeddingTarget, type EmbeddingTarget } from "@switchyard/knowledge";
import { createModelGateway, type ModelCatalog, type ProviderCredential, type ResolvedPool, type RetryPolicy } from "@switchyard/providers";
import type { RunExport } from "@switchyard/otel";
import {
  readRunFinish,
  RedisPoolLoad,
  releaseRunEvents,
  type ApprovalTimeoutJob,
  type BudgetGate,
  type RunCharge,
  type RunJob,
  type RunResumeJob,
} from "@switchyard/queue";
import type { RedisClient } from "@switchyard/queue";
import { createApprovedCalls } from "./approved-calls";
import { createBotFlows } from "./bot-flows";
import { createEventSink, isRunCancelledInThisTurn, type EventSink } from "./event-sink";
import { ExpiringCache } from "./expiring-cache";
import { createLearnedRouters } from "./learned-routers";
import { forgetPause, loadResumption, mergeEventLogs, persistPause, timeOutApproval, type Resumption, type RunQueue } from "./pause-run";
import { createToolServices } from "./tool-services";

export interface RunnerOptions {
  db: Db;
  writer: RunWriter;
  /** A non-blocking connection: events are appended without waiting for Redis to answer. */
  redis: RedisClient;
  registry: NodeRegistry;
  catalog: ModelCatalog;
  masterSecret: string;
  retryPolicy?: Partial<RetryPolicy>;
  nodeTimeoutMs?: number;
  /** How long a decrypted credential is reused; an edited key takes effect after at most this. */
  credentialTtlMs?: number;
  /** How long a workspace's model prices are reused; an edited price applies after at most this. */
  priceTtlMs?: number;
  /** Charges finished runs to their budgets (and releases their holds). */
  budgets?: BudgetGate;
  /** How long a pool member that failed rests when its provider sent no Retry-After (default 30 s). */
  poolCooldownMs?: number;
  /** The run queue, for resuming paused runs; without it a run cannot pause (an approval fails). */
  queue?: RunQueue;
  /**
   * Announce a run's finish before its finish record is stored (the record rides on the announcement
   * for a retry to store; docs/reliability.md, "Finish before it is stored"). Off: stored, then announced.
   */
  announceBeforeStored?: boolean;
  /** Exports finished runs as OpenTelemetry spans, for workspaces that turned it on (after the run is announced). */
  telemetry?: Pick<RunExport, "exportRun">;
}

/** Runs a model call when the provider has room for it (for example a concurrency slot). */
export type ModelCallLimit = <T>(credentialId: string, call: () => Promise<T>) => Promise<T>;

export interface RunExtras {
  /** Wraps every model call of the run (eval runs use it to give their provider slot back as soon as the model has answered). */
  limitModelCall?: ModelCallLimit;
  /** The caller made the run id just now, so nobody can have cancelled the run: no need to ask Redis. */
  newRunId?: boolean;
  /**
   * Nobody can be watching the run until its start record lists it (an eval pair: the id is the
   * worker's own, and the result naming it is written after the run): its events go to Redis only
   * from then on, so a run that finishes first costs Redis nothing. It has no budget hold either:
   * it is charged only when it cost something.
   */
  unseen?: boolean;
  /**
   * Wraps the run's model gateway outside the call limit (eval runs answer from the response cache
   * here, so a cached answer takes no provider slot). Live runs never pass one.
   */
  wrapModels?: (models: ModelGateway) => ModelGateway;
  /** Return what the run's Retrieve steps found (eval runs score it); live runs leave it out of the job's result. */
  withRetrievals?: boolean;
  /** Continue a paused run (a resume job). */
  resumption?: Resumption;
  /** Return the run's tool calls as traced (the prompt-injection evaluator reads them). */
  withToolCalls?: boolean;
  /** The prompt-injection suite's red team, planting its case in a tool result; never on live runs. */
  redTeam?: ToolResultPlanter;
  /**
   * An unseen run still unseen when it finishes is not written but handed back (`RunOutcome.unwritten`)
   * for the caller to write together with rows of its own: an eval pair commits its trace and its result
   * in one statement. A run that was shown meanwhile is written before it is announced, as always.
   */
  deferWrite?: boolean;
  /**
   * The queue has started this job before (its worker died or its attempt failed): if the run's stream
   * shows it finished, the finish record found there is stored and the flow is not run again.
   */
  retried?: boolean;
}

export interface RunOutcome {
  status: RunResult["status"];
  error: string | null;
  output: string | null;
  costUsd: number;
  latencyMs: number;
  /** What the run's Retrieve steps returned, as its trace records it (with `withRetrievals`; knowledge-base metrics read it). */
  retrievals?: Retrieval[];
  /** The run's tool calls, as its trace records them (with `withToolCalls`). */
  toolCalls?: TracedToolCall[];
  /** The finish record the caller must write (with `deferWrite`, when nobody has seen the run). */
  unwritten?: { run: RunRecord; steps: StepRow[] };
}

class InvalidFlowError extends Error {}

/** A timer that can be paused (nested pauses count) and resumed, running `action` once its time has run. */
interface StartClock {
  pause(): void;
  resume(): void;
  cancel(): void;
}

function startClock(action: () => void, delayMs: number): StartClock {
  let remaining = delayMs;
  let armedAt = Date.now();
  let paused = 0;
  let over = false;
  const fire = () => {
    over = true;
    action();
  };
  let timer: NodeJS.Timeout | undefined = setTimeout(fire, delayMs);
  return {
    pause() {
      if (over || paused++ > 0 || !timer) return;
      clearTimeout(timer);
      timer = undefined;
      remaining -= Date.now() - armedAt;
    },
    resume() {
      if (over || --paused > 0) return;
      armedAt = Date.now();
      timer = setTimeout(fire, Math.max(0, remaining));
    },
    cancel() {
      over = true;
      clearTimeout(timer);
    },
  };
}

const START_RECORD_DELAY_MS = 250;

export function createRunner(options: RunnerOptions) {
  const flows = new ExpiringCache<CompiledFlow>(1_000, Number.POSITIVE_INFINITY); // keys name immutable graphs
  const credentials = new ExpiringCache<ProviderCredential>(5_000, options.credentialTtlMs ?? 30_000);
  const embeddingTargets = new ExpiringCache<EmbeddingTarget | null>(5_000, options.credentialTtlMs ?? 30_000);
  const embeddingTarget = (workspaceId: string) =>
    embeddingTargets.getOrLoad(workspaceId, () => loadEmbeddingTarget(options.db, workspaceId, options.masterSecret));
  const catalogs = new ExpiringCache<ModelCatalog>(5_000, options.priceTtlMs ?? 30_000);
  const inFlight = new Map<string, AbortController>();
  const toolServices = createToolServices({ db: options.db, masterSecret: options.masterSecret });
  const learnedRouters = createLearnedRouters(options.db, embeddingTarget);
  const pools = new ExpiringCache<ResolvedPool>(5_000, options.credentialTtlMs ?? 30_000);
  const poolLoad = new RedisPoolLoad(options.redis);

  const pricedCatalog = (workspaceId: string) =>
    catalogs.getOrLoad(workspaceId, async () => options.catalog.withPrices(await listModelPrices(options.db, workspaceId)));

  async function loadFlow(job: RunJob): Promise<CompiledFlow> {
    return flows.getOrLoad(job.graphKey, async () => {
      let graph = job.graph;
      if (!graph) {
        const version = await options.db.botVersion.findFirst({
          where: { id: job.botVersionId ?? "", bot: { id: job.botId, workspaceId: job.workspaceId } },
          select: { graph: true },
        });
        if (!version) throw notFound("Bot version");
        graph = flowGraphSchema.parse(version.graph);
      }
      const compiled = compileFlow(graph, options.registry);
      if (!compiled.ok)
        throw new InvalidFlowError(`The flow is not valid: ${compiled.problems.map((problem) => problem.message).join("; ")}`);
      return compiled.flow;
    });
  }

  const resolveCredential = (workspaceId: string) => (credentialId: string) =>
    credentials.getOrLoad(`${workspaceId}\u0000${credentialId}`, async () => {
      const row = await options.db.providerCredential.findFirst({ where: { id: credentialId, workspaceId } });
      if (!row) throw new Error("The provider credential this model uses no longer exists; choose another in the node");
      return {
        kind: row.kind,
        baseUrl: row.baseUrl,
        apiKey: row.apiKeyCipher ? decryptSecret(row.apiKeyCipher, options.masterSecret) : undefined,
      };
    });

  const resolvePool = (workspaceId: string) => (poolId: string) =>
    pools.getOrLoad(`${workspaceId}\u0000${poolId}`, async () => {
      const pool = await readPoolForRun(options.db, workspaceId, poolId);
      if (!pool) throw new Error("The pool this model uses no longer exists; choose another in the node");
      return pool;
    });

  /** The run's model calls within `limit`; the start clock stands still while a call waits for it. */
  const limited = (models: ModelGateway, limit: ModelCallLimit | undefined, clock: StartClock): ModelGateway =>
    limit
      ? {
          generate: (request, callOptions) => {
            clock.pause();
            let resumed = false;
            const resume = () => {
              if (resumed) return;
              resumed = true;
              clock.resume();
            };
            return limit(request.credentialId, () => {
              resume();
              return models.generate(request, callOptions);
            }).finally(resume);
          },
        }
      : models;

  const withoutStreaming = (models: ModelGateway): ModelGateway => ({
    // the signal is read, not spread: a node may pass it as a getter (the model node does, so that a
    // cached answer never makes one), and a spread copies own properties only
    generate: (request, callOptions) => models.generate({ ...request, stream: false }, { signal: callOptions.signal }),
  });

  const gateway = (workspaceId: string, catalog: ModelCatalog) =>
    createModelGateway({
      resolveCredential: resolveCredential(workspaceId),
      catalog,
      retryPolicy: options.retryPolicy,
      pools: { resolvePool: resolvePool(workspaceId), load: poolLoad, cooldownMs: options.poolCooldownMs },
    });

  async function finish(
    emit: EventSink,
    base: RunRecord,
    result: Omit<RunResult, "steps" | "startedAt" | "paused" | "status"> & { status: RunEndStatus },
    steps: StepRow[],
    extras: Pick<RunExtras, "unseen" | "withRetrievals" | "withToolCalls" | "deferWrite" | "resumption"> & {
      /** The run read its session's conversation from PostgreSQL: the next turn's run will too. */
      readConversation?: boolean;
    } = {},
  ): Promise<RunOutcome> {
    const record: RunRecord = {
      ...base,
      status: result.status,
      output: result.output === null ? null : { text: result.output },
      error: result.error,
      tokensIn: result.tokensIn,
      tokensOut: result.tokensOut,
      costUsd: result.costUsd,
      finishedAt: result.finishedAt,
      latencyMs: result.finishedAt - base.startedAt,
      // the events clients saw (before a pause too), so they can be replayed once the Redis stream has expired
      events: mergeEventLogs(extras.resumption?.priorEvents ?? null, await emit.log()),
    };
    const finished: RunFinishedEvent = {
      type: "run.finished",
      status: result.status,
      at: result.finishedAt,
      output: result.output,
      error: result.error,
      latencyMs: result.finishedAt - base.startedAt,
      tokensIn: result.tokensIn,
      tokensOut: result.tokensOut,
      costUsd: result.costUsd,
    };
    const budgets = extras.unseen && record.costUsd === 0 ? undefined : options.budgets;
    const charge: RunCharge | undefined = budgets && {
      runId: base.id,
      workspaceId: base.workspaceId,
      deploymentId: base.deploymentId,
      createdAt: base.createdAt,
      costUsd: record.costUsd,
    };
    const settle = (what: RunCharge) =>
      budgets!
        .settle(what)
        .catch((error: unknown) => console.error(`run ${base.id}: could not charge its budget`, (error as Error).message));
    const deferred = extras.deferWrite && emit.held();
    // With announceBeforeStored, announced first, stored next (the job completes only after): a run
    // someone may be watching, not continued from a pause (its pause row goes with the write), whose
    // session's next turn does not read it back from PostgreSQL in the worker (a Memory node). The
    // others keep the order: stored, then announced.
    const settlement = (what: RunCharge | undefined) =>
      what && !options.redis.isCluster ? { settlement: budgets!.settlement(what) } : undefined;
    if (options.announceBeforeStored && !emit.held() && !extras.resumption && !extras.readConversation) {
      // one atomic append: the event, the record for a retry to store, and the budget settle (a cluster
      // keeps the budget keys in another slot than the stream: settled on their own there)
      const folded = settlement(charge);
      const charged = charge && !folded ? settle(charge) : undefined;
      const announced = await emit.finish(finished, { record: JSON.stringify({ run: record, steps }), ...folded });
      if (folded && !announced) console.error(`run ${base.id}: could not charge its budget (Redis refused its finish)`);
      await options.writer.write(record, steps);
      if (announced) emit.release();
      options.telemetry?.exportRun(record, steps);
      await charged;
    } else {
      if (!deferred) await options.writer.write(record, steps);
      if (extras.resumption) await forgetPause(options.db, base.id);
      // the charge and the announcement go out together (in one script where they can): the run's hold
      // keeps its budget covered meanwhile
      const folded = emit.held() ? undefined : settlement(charge);
      const charged = charge && !folded ? settle(charge) : undefined;
      if (folded) {
        if (!(await emit.finish(finished, { record: "", ...folded })))
          console.error(`run ${base.id}: could not charge its budget (Redis refused its finish)`);
      } else await emit(finished);
      options.telemetry?.exportRun(record, steps);
      await charged;
    }
    return {
      status: result.status,
      error: result.error,
      output: result.output,
      costUsd: result.costUsd,
      latencyMs: record.latencyMs!,
      ...(extras.withRetrievals && { retrievals: retrievalsOf(steps) }),
      ...(extras.withToolCalls && { toolCalls: toolCallsOf(steps) }),
      ...(deferred && { unwritten: { run: record, steps } }),
    };
  }

  /**
   * Stores the finish record a run's stream holds (its worker announced the finish and died before
   * storing it); null if the stream holds none. Idempotent: the write is an upsert.
   */
  async function recover(runId: string): Promise<RunOutcome | null> {
    const record = await readRunFinish(options.redis, runId);
    if (!record) return null;
    const { run, steps } = JSON.parse(record) as { run: RunRecord; steps: StepRow[] };
    await options.writer.write(run, steps);
    releaseRunEvents(options.redis, runId).catch(() => undefined); // else it expires within the hour
    options.telemetry?.exportRun(run, steps);
    return {
      status: run.status as RunResult["status"],
      error: run.error,
      output: (run.output as { text?: string } | null)?.text ?? null,
      costUsd: run.costUsd,
      latencyMs: run.latencyMs ?? 0,
    };
  }

  /** Runs one job. */
  async function process(job: RunJob, extras: RunExtras = {}): Promise<RunOutcome> {
    if (extras.retried) {
      const recovered = await recover(job.runId);
      if (recovered) return recovered;
    }
    // a resumed run keeps its first start: its latency is the whole run, waiting included
    const startedAt = extras.resumption?.startedAt ?? Date.now();
    const base: RunRecord = {
      ...runColumnsOf(job),
      status: "RUNNING",
      output: null,
      error: null,
      tokensIn: 0,
      tokensOut: 0,
      costUsd: 0,
      latencyMs: null,
      createdAt: job.enqueuedAt,
      startedAt,
      finishedAt: null,
    };
    const empty = { output: null, tokensIn: 0, tokensOut: 0, costUsd: 0 };
    // A published endpoint's caller reads only the reply: the steps before it go out with it (a quiet
    // sink). Not for a retried job, whose stream may hold an earlier attempt's events: the ids of its
    // own must be heard back from Redis before its log is written.
    const quiet = (job.source === "API" || job.source === "WIDGET") && !extras.retried && !extras.resumption;
    const emit = createEventSink(options.redis, job.runId, { held: extras.unseen, quiet });
    // a quiet run's start goes out with the check of its cancel flag, in one script
    const begun = extras.newRunId ? null : emit.begin({ type: "run.started", runId: job.runId, at: startedAt });
    const cancelled = begun ? !(await begun) : !extras.newRunId && (await isRunCancelledInThisTurn(options.redis, job.runId));
    if (cancelled)
      return finish(
        emit,
        base,
        { ...empty, status: "CANCELLED", error: "The run was cancelled before it started", finishedAt: Date.now() },
        [],
      );

    let flow: CompiledFlow;
    const catalog = pricedCatalog(job.workspaceId);
    catalog.catch(() => undefined); // awaited below; a failed flow load must not leave it unhandled
    try {
      flow = await loadFlow(job);
    } catch (error) {
      if (!(error instanceof InvalidFlowError) && (error as { code?: string }).code !== "NOT_FOUND") throw error; // infrastructure: let the queue retry
      return finish(emit, base, { ...empty, status: "FAILED", error: (error as Error).message, finishedAt: Date.now() }, []);
    }

    // Most runs finish within a fraction of a second, and their finish write records everything at
    // once: only a run still going after START_RECORD_DELAY_MS has its start recorded (so it shows as
    // running), without waiting. A run whose worker dies before either write is re-run from its job.
    // The delay counts the run's own time: while a model call waits for its provider limit (an eval
    // pair queued for a slot) the clock stands still, so a pair that waits its turn and then answers
    // quickly is still written once, unseen, with its result.
    const recordStart = startClock(() => {
      void emit.publish(); // the start record makes the run visible: its events so far go out first
      options.writer
        .write(base)
        .catch((error: unknown) => console.error(`run ${job.runId}: could not record its start`, (error as Error).message));
    }, START_RECORD_DELAY_MS);
    const controller = new AbortController();
    inFlight.set(job.runId, controller);
    let readConversation = false;
    let startSkipped = false;
    try {
      const services = await toolServices(job.workspaceId, job.runId);
      const memory = services.memory!;
      const models = limited(
        job.streamTokens === false ? withoutStreaming(gateway(job.workspaceId, await catalog)) : gateway(job.workspaceId, await catalog),
        extras.limitModelCall,
        recordStart,
      );
      const result = await executeFlow(flow, {
        runId: job.runId,
        input: job.input,
        services: {
          ...services,
          memory: {
            ...memory,
            turns: (sessionId, turnOptions) => ((readConversation = true), memory.turns(sessionId, turnOptions)),
            summary: (sessionId) => ((readConversation = true), memory.summary(sessionId)),
          },
          models: extras.wrapModels ? extras.wrapModels(models) : models,
          ...(extras.redTeam && { redTeam: extras.redTeam }),
          routers: learnedRouters(job.workspaceId),
          // a resumed run's approved calls are made once, however often its resume job is handed out
          ...(extras.resumption && { approvedCalls: createApprovedCalls(options.db, job.runId) }),
          bots: createBotFlows({ db: options.db, registry: options.registry, flows, workspaceId: job.workspaceId }),
          retrieval: createRetrievalService({
            db: options.db,
            workspaceId: job.workspaceId,
            embedding: () => embeddingTarget(job.workspaceId),
          }),
        },
        signal: controller.signal,
        callPath: [job.botId],
        emit: (event) => {
          // the start announced with the cancel check (`begun`) is not sent again
          if (begun && event.type === "run.started" && !startSkipped) startSkipped = true;
          else void emit(event);
        },
        nodeTimeoutMs: options.nodeTimeoutMs,
        // nobody answers an eval run's questions
        pausable: options.queue !== undefined && job.source !== "EVAL",
        ...(job.source === "EVAL" && { pauseRefusal: EVAL_PAUSE_REFUSAL }),
        resume: extras.resumption?.resume,
      });
      // tagged in place: the engine's records are this run's alone, and a copy of each was garbage at once
      const steps = result.steps as StepRow[];
      for (const step of steps) step.runId = job.runId;
      recordStart.cancel();
      if (result.paused) {
        const priorEvents = extras.resumption?.priorEvents ?? null;
        await persistPause(
          { db: options.db, writer: options.writer, queue: options.queue! },
          { job, base, result: { ...result, paused: result.paused }, steps, emit, priorEvents },
        );
        return { status: "WAITING", error: null, output: null, costUsd: result.costUsd, latencyMs: Date.now() - startedAt };
      }
      return await finish(emit, base, { ...result, status: result.status as RunEndStatus }, steps, { ...extras, readConversation }); // not paused: it ended
    } finally {
      recordStart.cancel();
      inFlight.delete(job.runId);
    }
  }

  return {
    process,
    recover,
    /** Continues a paused run from its checkpoint; null for a stale job (an older pause, a finished or cancelled run). */
    async resume(job: RunResumeJob): Promise<RunOutcome | null> {
      const resumption = await loadResumption(options.db, job);
      return resumption ? process(resumption.job, { resumption }) : null;
    },
    /** A delayed approval timeout: takes the timeout action if nobody has answered. */
    timeOut: (job: ApprovalTimeoutJob) => timeOutApproval({ db: options.db, queue: options.queue! }, job),
    /** The model gateway runs use, for calls outside a flow (an eval's judge). */
    models: async (workspaceId: string) => gateway(workspaceId, await pricedCatalog(workspaceId)),
    /** The workspace's embedding model (null: none configured), for an eval's semantic similarity. */
    embeddingTarget,
    /** The model catalog with the workspace's own prices, for costing calls outside a flow. */
    catalog: pricedCatalog,
    /** Aborts a run this process is executing (its provider requests included); false if not here. */
    cancel(runId: string): boolean {
      const controller = inFlight.get(runId);
      controller?.abort(new Error("The run was cancelled"));
      return controller !== undefined;
    },
    get activeRuns() {
      return inFlight.size;
    },
  };
}

export type Runner = ReturnType<typeof createRunner>;
