// A worker process: hosts the runner on the BullMQ run queue. Start as many as you need; they share
// nothing but Redis and PostgreSQL. SIGTERM finishes the runs in hand, then exits.
import { readServerEnv, readWorkerSettings } from "@switchyard/config";
import {
  createDb,
  EvalResultWriter,
  listRunsStartedBefore,
  markRunsFailed,
  readBudgetState,
  recordRunFailed,
  RunWriter,
} from "@switchyard/db";
import { nodeRegistry } from "@switchyard/nodes";
import { ModelCatalog, warmUpProviders } from "@switchyard/providers";
import {
  APPROVAL_TIMEOUT_JOB,
  appendRunEvent,
  approvalTimeoutJobSchema,
  bullPrefix,
  createBudgetGate,
  connectRedis,
  createBullConnection,
  createRunQueue,
  createSubscriber,
  RESUME_JOB,
  RUN_QUEUE,
  runCancelChannel,
  runJobSchema,
  runResumeJobSchema,
  type RunJob,
} from "@switchyard/queue";
import { createRunner, createTelemetry } from "@switchyard/runner";
import { Worker, type Job } from "bullmq";
import { startEvalWorker } from "./eval-worker";
import { startHealthServer } from "./health-server";
import { startIngestionWorker } from "./ingestion";
import { startRouterTrainingWorker } from "./router-training";

const env = readServerEnv();
const settings = readWorkerSettings();
const concurrency = settings.WORKER_CONCURRENCY;
const lockMs = settings.WORKER_LOCK_MS;

const db = createDb(env.DATABASE_URL, 4);
const writer = new RunWriter(env.DATABASE_URL);
// No auto-pipelining: it holds each event back until the next batch, which delays streamed tokens;
// token events are already merged per event-loop turn by the runner.
const events = connectRedis(env.REDIS_URL);
const cancels = createSubscriber(env.REDIS_URL);
const bull = createBullConnection(env.REDIS_URL);
const queue = createRunQueue(bull);
const reportRedisError = (error: Error) => console.error("redis:", error.message);
for (const connection of [events, bull]) connection.on("error", reportRedisError);
cancels.on("error", reportRedisError);

// OpenTelemetry export for workspaces that turned it on (Settings → Observability)
const telemetry = createTelemetry({
  db,
  masterSecret: env.SWITCHYARD_SECRET,
  exporter: {
    maxQueueSize: settings.TELEMETRY_QUEUE_SIZE,
    scheduledDelayMillis: settings.TELEMETRY_BATCH_DELAY_MS,
    exportTimeoutMillis: settings.TELEMETRY_EXPORT_TIMEOUT_MS,
    reportEveryMs: settings.TELEMETRY_REPORT_MS,
  },
});

const runner = createRunner({
  db,
  writer,
  redis: events,
  registry: nodeRegistry,
  catalog: new ModelCatalog(),
  masterSecret: env.SWITCHYARD_SECRET,
  budgets: createBudgetGate({ redis: events, load: (scope, at) => readBudgetState(db, scope, at) }),
  queue,
  telemetry,
  announceBeforeStored: settings.WORKER_ANNOUNCE_BEFORE_STORED,
});

await cancels.subscribe(runCancelChannel(events));
// the same connection carries the eval semaphore's channel (startEvalWorker below)
cancels.on("message", (channel: string, runId: string) => channel === runCancelChannel(events) && runner.cancel(runId));

// The run queue also carries the jobs that continue paused runs (see packages/queue/src/approval-jobs.ts).
// Nothing reads a job's return value (clients hear of runs through their events, the run's row holds
// its outcome), so none is given: BullMQ would otherwise serialize the outcome into the job and the
// queue's event stream on every run.
async function processRunQueueJob(job: Job): Promise<null> {
  if (job.name === RESUME_JOB) await runner.resume(runResumeJobSchema.parse(job.data));
  else if (job.name === APPROVAL_TIMEOUT_JOB) await runner.timeOut(approvalTimeoutJobSchema.parse(job.data));
  // a job started before may belong to a run announced as finished whose worker died before storing it
  else await runner.process(runJobSchema.parse(job.data), { retried: job.attemptsStarted > 1 || job.attemptsMade > 0 });
  return null;
}

const worker = new Worker<RunJob, null>(RUN_QUEUE, processRunQueueJob, {
  connection: bull,
  prefix: bullPrefix(),
  concurrency,
  lockDuration: lockMs,
  stalledInterval: lockMs,
  maxStalledCount: 1,
});

const evalResults = new EvalResultWriter(env.DATABASE_URL);
const evalWorker = startEvalWorker({
  db,
  redis: events,
  bull,
  runner,
  results: evalResults,
  runs: writer,
  concurrency: settings.EVAL_WORKER_CONCURRENCY,
  lockMs,
  subscriber: cancels,
  cacheTtlDays: settings.EVAL_CACHE_TTL_DAYS,
});

// A job the queue gave up on (worker crashes beyond the stall limit, repeated infrastructure
// errors) must not leave its run "running" forever: record the failure and tell anyone watching.
async function failRuns(runIds: string[], reason: string, record = () => markRunsFailed(db, runIds, reason)) {
  // tell the clients waiting on these runs even when the database is what failed (the sweep below
  // records the failure once it is back)
  const at = Date.now();
  const finished = {
    type: "run.finished",
    status: "FAILED",
    at,
    output: null,
    error: reason,
    latencyMs: 0,
    tokensIn: 0,
    tokensOut: 0,
    costUsd: 0,
  } as const;
  // recorded first, so whoever hears of the finish finds it stored
  const marked = await record().catch((error: unknown) => {
    console.error("could not record failed runs:", (error as Error).message);
    return 0;
  });
  await Promise.allSettled(runIds.map((runId) => appendRunEvent(events, runId, finished)));
  return marked;
}

// Only a job the queue has given up on ends its run. A "failed" event also comes for an attempt that
// will be retried, and for a job whose lock this worker lost (a stall under load) while another
// worker is already running it again: telling the client "failed" then would be a lie.
worker.on("failed", (job, error) => {
  if (!job?.id || job.name === APPROVAL_TIMEOUT_JOB) return; // a timeout that failed for good leaves the approval pending
  const jobId = job.id;
  const runId = (job.data as { runId: string }).runId;
  void queue
    .getJobState(jobId)
    .then(async (state) => {
      if (state !== "failed") return 0;
      const reason = `The run could not be completed: ${error.message}`;
      // a resumed run has its row; a new one may not yet (its start is recorded once it has been going a moment)
      if (job.name === RESUME_JOB) return failRuns([runId], reason);
      // announced as finished before its worker died: stored as announced, not failed
      if (await runner.recover(runId).catch(() => null)) return 0;
      return failRuns([runId], reason, async () => Number(await recordRunFailed(db, runJobSchema.parse(job.data), reason)));
    })
    .catch(() => undefined);
});
worker.on("error", (error) => console.error("worker:", error.message));

const ingestion = startIngestionWorker({ db, masterSecret: env.SWITCHYARD_SECRET, connection: bull });
const routerTraining = startRouterTrainingWorker({ db, masterSecret: env.SWITCHYARD_SECRET, connection: bull });

// Safety net for runs whose job vanished with a crashed worker (for example a queue flushed by hand).
const sweep = setInterval(async () => {
  try {
    const candidates = await listRunsStartedBefore(db, new Date(Date.now() - 4 * lockMs));
    // a resumed run's job is its pause's resume job
    const jobIdOf = ({ id, pause }: (typeof candidates)[number]) => (pause ? `resume-${id}-${pause.seq}` : id);
    const states = await Promise.all(candidates.map(async (run) => [run.id, await queue.getJobState(jobIdOf(run))] as const));
    const ended = states.filter(([, state]) => state === "unknown" || state === "failed" || state === "completed").map(([id]) => id);
    // a run announced as finished keeps its finish record in its stream until it is stored
    const recovered = await Promise.all(ended.map((id) => runner.recover(id).catch(() => null)));
    const orphaned = ended.filter((_, index) => !recovered[index]);
    const marked = orphaned.length ? await failRuns(orphaned, "The worker running this stopped and the run could not be resumed") : 0;
    if (marked) console.warn(`marked ${marked} orphaned runs as failed`);
  } catch (error) {
    console.error("orphaned-run sweep failed:", (error as Error).message);
  }
}, lockMs);
sweep.unref();

// How long a SIGTERM waits for the runs in hand (keep it under the orchestrator's kill deadline, e.g.
// Kubernetes' terminationGracePeriodSeconds). Runs still going then are handed back: this process
// exits, their locks lapse within WORKER_LOCK_MS and another worker takes them over as after a crash
// (docs/reliability.md): none is lost, and steps are upserted per node, so none is recorded twice.
const shutdownGraceMs = settings.WORKER_SHUTDOWN_GRACE_MS;

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  console.log(`worker ${process.pid}: ${signal}, taking no more jobs, finishing ${runner.activeRuns} runs`);
  clearInterval(sweep);
  // close() stops fetching at once and resolves when the jobs in hand have finished
  const drained = Promise.all([worker.close(), evalWorker.close(), ingestion.close(), routerTraining.close()]);
  const graceOver = new Promise<"grace over">((resolve) => setTimeout(resolve, shutdownGraceMs, "grace over").unref());
  if ((await Promise.race([drained, graceOver])) === "grace over") {
    // closing the writers now would fail the runs still writing; leave them as a crash would
    console.warn(`worker ${process.pid}: grace period over, handing back ${runner.activeRuns} runs`);
    process.exit(0);
  }
  await queue.close();
  // spans still queued get the exporter's timeout to leave; the counts are written before the database closes
  await telemetry.shutdown();
  await Promise.all([writer.close(), evalResults.close()]);
  await Promise.all([events.quit(), cancels.quit(), bull.quit()].map((closing) => closing.catch(() => undefined)));
  await db.$disconnect();
  console.log(`worker ${process.pid}: stopped`);
  process.exit(0);
}
process.on("SIGTERM", () => void shutdown("SIGTERM"));
if (settings.WORKER_HEALTH_PORT) {
  const health = await startHealthServer(settings.WORKER_HEALTH_PORT, settings.WORKER_HEALTH_HOSTNAME, {
    postgres: () => db.$queryRaw`SELECT 1`,
    redis: () => events.ping(),
    stopping: () => stopping,
  });
  health.unref(); // never what keeps the process alive
}
process.on("SIGINT", () => void shutdown("SIGINT"));

// Warm up before taking work: the first Prisma query loads its query compiler (hundreds of ms),
// which would otherwise stall the first run and hold back its streamed tokens.
await db.providerCredential.findFirst({ where: { id: "" }, select: { id: true } });
await db.botVersion.findFirst({ where: { id: "" }, select: { graph: true } });
await warmUpProviders();
await Promise.all([worker.waitUntilReady(), evalWorker.waitUntilReady()]);
console.log(`worker ${process.pid} ready (concurrency ${concurrency})`);
