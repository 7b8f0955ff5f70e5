// Persists runs and their steps with group commit: whatever arrives while a write is in flight is
// written together by the next one, as one multi-row statement per table in one transaction. Under light
// load each run is written at once; under heavy load many runs share a round trip. A run's first write
// is a plain insert; any later one (the finish of a run whose start was recorded, a run re-executed
// after a worker crash) an upsert, so a re-executed run never duplicates its steps (nor counts them
// twice in the usage rollup).
import type { StepRecord } from "@switchyard/engine";
import pg from "pg";
import { evalResultsJson, upsertEvalResults, type EvalResultRow } from "../evals/eval-result-writer";
import { queryNamed } from "../named-statements";
import { GroupCommit } from "../group-commit";
import { timeOrderedUuid } from "../time-ordered-id";
import { isUniqueViolation } from "../unique-violation";
import { isDatabaseUnavailable } from "../unavailable";
import { upsertUsageRollup } from "../usage/usage-rollup";

export type RunState = "RUNNING" | "WAITING" | "SUCCEEDED" | "FAILED" | "CANCELLED";

export interface RunRecord {
  id: string;
  workspaceId: string;
  botId: string;
  botVersionId: string | null;
  deploymentId: string | null;
  source: "EDITOR" | "API" | "WIDGET" | "EVAL" | "MCP";
  sessionId: string | null;
  input: unknown;
  status: RunState;
  output: unknown;
  error: string | null;
  tokensIn: number;
  tokensOut: number;
  costUsd: number;
  latencyMs: number | null;
  createdAt: number;
  startedAt: number;
  finishedAt: number | null;
  /** The events published so far, as `[[streamId, event], …]` JSON (the finish record carries them). */
  events?: string | null;
}

/** One executed node as the engine reports it, tagged with its run. */
export type StepRow = StepRecord & { runId: string };

interface PendingWrite {
  run: RunRecord;
  steps: StepRow[];
  results?: EvalResultRow[];
}

const utc = (column: string) => `(to_timestamp(${column} / 1000.0) AT TIME ZONE 'UTC')::timestamp(3)`;

// Each table's rows go as one JSON array parameter, unpacked by json_to_recordset: pg sends a JSON
// string as it is, whereas it escapes every element of a text[] parameter in JavaScript, which cost
// more than the rest of a cached eval pair. A JSON value (input, output, detail, events) travels as
// itself: null or absent is SQL NULL, as before.
const insertRuns = (parameter: string) => `
INSERT INTO "Run" ("id","workspaceId","botId","botVersionId","deploymentId","source","status","sessionId","input","output","error",
                   "tokensIn","tokensOut","costUsd","latencyMs","createdAt","startedAt","finishedAt","events")
SELECT id, ws, bot, ver, dep, src::"RunSource", st::"RunStatus", ses, inp, outp, err, tin, tout, cost, lat,
       ${utc("cre")}, ${utc("sta")}, ${utc("fin")}, ev
  FROM json_to_recordset(${parameter}::json)
       AS t(id text, ws text, bot text, ver text, dep text, src text, st text, ses text, inp jsonb, outp jsonb, err text,
            tin int, tout int, cost float8, lat int, cre float8, sta float8, fin float8, ev jsonb)`;

const upsertRuns = (parameter: string) => `${insertRuns(parameter)}
ON CONFLICT ("id") DO UPDATE SET
  "status" = EXCLUDED."status", "output" = EXCLUDED."output", "error" = EXCLUDED."error",
  "tokensIn" = EXCLUDED."tokensIn", "tokensOut" = EXCLUDED."tokensOut", "costUsd" = EXCLUDED."costUsd",
  "latencyMs" = EXCLUDED."latencyMs", "startedAt" = EXCLUDED."startedAt", "finishedAt" = EXCLUDED."finishedAt",
  "events" = EXCLUDED."events"
  -- a start record never turns a finished run back into a running one (a start written late, after the
  -- queue gave up on the run and recorded it as failed); a finish replaces a finish (a re-executed run)
  WHERE "Run"."finishedAt" IS NULL OR EXCLUDED."finishedAt" IS NOT NULL`;

// Steps go through the \`step_input\` CTE so the usage rollup (usage-rollup.ts) can read them too.
const stepInput = `
SELECT * FROM json_to_recordset($2::json)
         AS t(id text, run text, node text, typ text, st text, att int, inp jsonb, outp jsonb, err text,
              prov text, mdl text, tin int, tout int, cost float8, lat int, det jsonb, sta float8, fin float8)`;

const insertSteps = `
INSERT INTO "RunStep" ("id","runId","nodeId","nodeType","status","attempts","input","output","error","provider","model",
                       "tokensIn","tokensOut","costUsd","latencyMs","detail","startedAt","finishedAt")
SELECT id, run, node, typ, st::"RunStatus", att, inp, outp, err, prov, mdl, tin, tout, cost, lat, det,
       ${utc("sta")}, ${utc("fin")}
  FROM step_input`;

const upsertSteps = `${insertSteps}
ON CONFLICT ("runId","nodeId") DO UPDATE SET
  "status" = EXCLUDED."status", "attempts" = EXCLUDED."attempts", "input" = EXCLUDED."input", "output" = EXCLUDED."output",
  "error" = EXCLUDED."error", "provider" = EXCLUDED."provider", "model" = EXCLUDED."model", "tokensIn" = EXCLUDED."tokensIn",
  "tokensOut" = EXCLUDED."tokensOut", "costUsd" = EXCLUDED."costUsd", "latencyMs" = EXCLUDED."latencyMs",
  "detail" = EXCLUDED."detail", "startedAt" = EXCLUDED."startedAt", "finishedAt" = EXCLUDED."finishedAt"`;

// the stored versions of the steps being written, read from the statement's snapshot (before the upsert)
const oldSteps = `
SELECT s.status, s.provider, s.model, s."tokensIn", s."tokensOut", s."costUsd", s."latencyMs", s."startedAt",
       r."workspaceId", r."botId", r."deploymentId"
  FROM step_input i
  JOIN "RunStep" s ON s."runId" = i.run AND s."nodeId" = i.node
  JOIN "Run" r ON r.id = s."runId"`;

const upsertRunsAndSteps = `
WITH runs AS (${upsertRuns("$1")} RETURNING "id", "workspaceId", "botId", "deploymentId"),
     step_input AS (${stepInput}),
     old_steps AS (${oldSteps}),
     steps AS (${upsertSteps} RETURNING 1)
${upsertUsageRollup}`;

// The same for runs with no row yet, the usual case (a fast run is written once, at its finish): plain
// inserts, which skip each row's conflict check and confirmation, and no look for stored steps. Should a
// row exist after all (another worker ran the job before), the statement fails whole on the unique key
// and the upsert above is sent instead.
const insertRunsAndSteps = `
WITH runs AS (${insertRuns("$1")} RETURNING "id", "workspaceId", "botId", "deploymentId"),
     step_input AS (${stepInput}),
     old_steps AS (${oldSteps} WHERE false),
     steps AS (${insertSteps} RETURNING 1)
${upsertUsageRollup}`;

// The same with the eval results that name these runs, in the same statement: an eval pair's trace and
// its result are committed together, in one round trip. Such a run is new (an eval pair re-executed gets
// a new run id) and this is its only write, so no stored step can be overwritten: `old_steps` is empty
// without a look at "RunStep". (Looking cost a scan of the whole table on every write once a worker's
// cached plan for the join had been made while the table was small: a cached eval re-run of 4,000
// pairs slowed by about 0.3 s for every 4,000 runs written before it.)
const upsertRunsStepsAndResults = `
WITH runs AS (${upsertRuns("$1")} RETURNING "id", "workspaceId", "botId", "deploymentId"),
     step_input AS (${stepInput}),
     old_steps AS (${oldSteps} WHERE false),
     steps AS (${upsertSteps} RETURNING 1),
     results AS (${upsertEvalResults("$3")} RETURNING 1)
${upsertUsageRollup}`;

// The events are JSON text already (the event sink's log): spliced in as they are, not escaped into a
// string to be parsed twice.
const runsJson = (runs: RunRecord[]) =>
  `[${runs
    .map(
      (r) =>
        `${JSON.stringify({
          id: r.id,
          ws: r.workspaceId,
          bot: r.botId,
          ver: r.botVersionId,
          dep: r.deploymentId,
          src: r.source,
          st: r.status,
          ses: r.sessionId,
          inp: r.input ?? null,
          outp: r.output ?? null,
          err: r.error,
          tin: r.tokensIn,
          tout: r.tokensOut,
          cost: r.costUsd,
          lat: r.latencyMs,
          cre: r.createdAt,
          sta: r.startedAt,
          fin: r.finishedAt,
        }).slice(0, -1)},"ev":${r.events ?? "null"}}`,
    )
    .join(",")}]`;

const stepsJson = (steps: StepRow[]) =>
  JSON.stringify(
    steps.map((s) => ({
      id: timeOrderedUuid(),
      run: s.runId,
      node: s.nodeId,
      typ: s.nodeType,
      st: s.status,
      att: s.attempts,
      inp: s.input ?? null,
      outp: s.output ?? null,
      err: s.error,
      prov: s.provider,
      mdl: s.model,
      tin: s.tokensIn,
      tout: s.tokensOut,
      cost: s.costUsd,
      lat: s.finishedAt - s.startedAt,
      det: s.detail ?? null,
      sta: s.startedAt,
      fin: s.finishedAt,
    })),
  );

/** How many runs stored unfinished a writer remembers (`storedUnfinished`). */
const MAX_STORED_UNFINISHED = 10_000;

export class RunWriter {
  private readonly pool: pg.Pool;
  private readonly durablePool: pg.Pool;
  private readonly batches = new GroupCommit<PendingWrite>((batch) => this.persistThroughOutage(batch));
  // An eval pair's trace with its result is the only write of a run nobody has seen (its start was
  // never written), so no two of them touch the same run: their batches may commit side by side, the
  // next one travelling while the worker is busy with its pairs (one at a time, the database waited
  // for the worker between batches: a cached eval re-run took the sum of both rather than the larger).
  // Nothing waits on these but the job that holds the pair (its slot went to the next pair already), so
  // a small batch lingers for up to 25 ms for more: at an eval run's pace (hundreds of pairs a second,
  // a few per batch) each statement cost the worker more CPU than the pairs it carried.
  private readonly pairBatches = new GroupCommit<PendingWrite>((batch) => this.persistThroughOutage(batch), 2, { ms: 25, batch: 16 });
  // Runs this writer stored unfinished (a start record, a pause): their next write updates a row, so it
  // goes as an upsert at once rather than after a failed insert. Bounded: a run forgotten here (or
  // stored by another process) costs that failed insert, nothing else.
  private readonly storedUnfinished = new Set<string>();

  /** `outageToleranceMs`: how long a write waits out an unreachable database before it fails. */
  constructor(
    databaseUrl: string,
    poolSize = 4,
    private readonly outageToleranceMs = 30_000,
  ) {
    // Trace writes commit asynchronously: the commit returns before the WAL reaches disk, saving an
    // fsync (several ms here) on every run start and step. A PostgreSQL crash can lose the last
    // fraction of a second of them; it cannot corrupt them. A run's finish is different: once it is
    // committed the run is announced as done, so a batch holding a finish commits durably.
    //
    // Connections are replaced every minute (between statements): a named statement's generic plan is
    // kept for the connection's life, and one made while "RunStep" was small joins the stored steps by a
    // scan of the whole table. Planned on 20 writes, then 360,000 steps later (autovacuum off, so no
    // analyze replanned it), the live write took 44-46 ms; a new connection's plan, 1.2-1.9 ms
    // (force_custom_plan, which replans every write, took 2.5-2.8 ms). A minute bounds how long a stale
    // plan can last, at the cost of one connect and one parse per connection per minute.
    const maxLifetimeSeconds = 60;
    this.pool = new pg.Pool({ connectionString: databaseUrl, max: poolSize, maxLifetimeSeconds, options: "-c synchronous_commit=off" });
    this.durablePool = new pg.Pool({ connectionString: databaseUrl, max: poolSize, maxLifetimeSeconds });
    for (const pool of [this.pool, this.durablePool]) pool.on("error", () => undefined); // a dropped idle connection is replaced on next use
  }

  /**
   * Resolves once the run (and its steps, if any) is committed. `results`: eval results that name the
   * run, committed in the same statement (an eval pair's trace and result appear together or not at all);
   * such a write must be the run's only one (an unseen eval run's finish), as it may commit beside others.
   */
  write(run: RunRecord, steps: StepRow[] = [], results?: EvalResultRow[]): Promise<void> {
    return (results?.length ? this.pairBatches : this.batches).add({ run, steps, results });
  }

  // A database restart takes seconds; the run's result (a paid-for model answer) is worth waiting
  // for. Writes are idempotent (a first write's insert that finds its row, as a retry after an unclear
  // failure may, is sent again as the upsert), so a retry is safe.
  private async persistThroughOutage(batch: PendingWrite[]): Promise<void> {
    const deadline = Date.now() + this.outageToleranceMs;
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.persist(batch);
      } catch (error) {
        if (!isDatabaseUnavailable(error) || Date.now() > deadline) throw error;
        await new Promise((resolve) => setTimeout(resolve, Math.min(100 * 2 ** attempt, 2_000)));
      }
    }
  }

  private async persist(batch: PendingWrite[]): Promise<void> {
    // a start and a finish of the same run in one batch: the later record wins
    const runs = [...new Map(batch.map((write) => [write.run.id, write.run])).values()];
    const steps = [...new Map(batch.flatMap((write) => write.steps).map((step) => [`${step.runId}\u0000${step.nodeId}`, step])).values()];
    // a finish, and a pause (what its resumption starts from), must survive a database crash
    const pool = runs.some((run) => run.finishedAt !== null || run.status === "WAITING") ? this.durablePool : this.pool;
    const results = batch.flatMap((write) => write.results ?? []);
    const firstWrites = runs.every((run) => !this.storedUnfinished.has(run.id));
    for (const run of runs) this.noteStored(run);
    // One statement (runs, steps, eval results and the usage rollup in data-modifying CTEs): atomic, and
    // one round trip. Named, so each connection parses and plans it once rather than on every write.
    if (results.length)
      await queryNamed(pool, {
        name: "upsert-runs-steps-and-results",
        text: upsertRunsStepsAndResults,
        values: [runsJson(runs), stepsJson(steps), evalResultsJson(results)],
      });
    else if (!steps.length) await queryNamed(pool, { name: "upsert-runs", text: upsertRuns("$1"), values: [runsJson(runs)] });
    else {
      const values = [runsJson(runs), stepsJson(steps)];
      if (firstWrites) {
        try {
          await queryNamed(pool, { name: "insert-runs-and-steps", text: insertRunsAndSteps, values });
          return;
        } catch (error) {
          if (!isUniqueViolation(error)) throw error; // a row was there: the upsert below
        }
      }
      await queryNamed(pool, { name: "upsert-runs-and-steps", text: upsertRunsAndSteps, values });
    }
  }

  private noteStored(run: RunRecord): void {
    if (run.finishedAt !== null) {
      this.storedUnfinished.delete(run.id);
      return;
    }
    this.storedUnfinished.add(run.id);
    if (this.storedUnfinished.size > MAX_STORED_UNFINISHED) this.storedUnfinished.delete(this.storedUnfinished.values().next().value!);
  }

  async close(): Promise<void> {
    await Promise.all([this.batches.drain(), this.pairBatches.drain()]);
    await Promise.all([this.pool.end(), this.durablePool.end()]);
  }
}
