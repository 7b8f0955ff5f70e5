// Persists runs and their steps with group commit: whatever arrives while a write is in flight is
// written together by the next one, as one multi-row upsert per table in one transaction. Under light
// load each run is written at once; under heavy load many runs share a round trip. Upserts make the
// writes idempotent, so a run re-executed after a worker crash never duplicates its steps (nor counts
// them twice in the usage rollup).
import { randomUUID } from "node:crypto";
import type { StepRecord } from "@switchyard/engine";
import pg from "pg";
import { GroupCommit } from "./group-commit";
import { isDatabaseUnavailable } from "./unavailable";
import { upsertUsageRollup } from "./usage-rollup";

export type RunState = "RUNNING" | "SUCCEEDED" | "FAILED" | "CANCELLED";

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
}

const json = (value: unknown) => (value === undefined || value === null ? null : JSON.stringify(value));
const utc = (column: string) => `(to_timestamp(${column} / 1000.0) AT TIME ZONE 'UTC')::timestamp(3)`;

const upsertRuns = `
INSERT INTO "Run" ("id","workspaceId","botId","botVersionId","deploymentId","source","status","sessionId","input","output","error",
                   "tokensIn","tokensOut","costUsd","latencyMs","createdAt","startedAt","finishedAt","events")
SELECT id, ws, bot, ver, dep, src::"RunSource", st::"RunStatus", ses, inp::jsonb, outp::jsonb, err, tin, tout, cost, lat,
       ${utc("cre")}, ${utc("sta")}, ${utc("fin")}, ev::jsonb
  FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[],
              $11::text[], $12::int[], $13::int[], $14::float8[], $15::int[], $16::float8[], $17::float8[], $18::float8[], $19::text[])
       AS t(id, ws, bot, ver, dep, src, st, ses, inp, outp, err, tin, tout, cost, lat, cre, sta, fin, ev)
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
SELECT * FROM unnest($20::text[], $21::text[], $22::text[], $23::text[], $24::text[], $25::int[], $26::text[], $27::text[], $28::text[],
                     $29::text[], $30::text[], $31::int[], $32::int[], $33::float8[], $34::int[], $35::text[], $36::float8[], $37::float8[])
         AS t(id, run, node, typ, st, att, inp, outp, err, prov, mdl, tin, tout, cost, lat, det, sta, fin)`;

const upsertSteps = `
INSERT INTO "RunStep" ("id","runId","nodeId","nodeType","status","attempts","input","output","error","provider","model",
                       "tokensIn","tokensOut","costUsd","latencyMs","detail","startedAt","finishedAt")
SELECT id, run, node, typ, st::"RunStatus", att, inp::jsonb, outp::jsonb, err, prov, mdl, tin, tout, cost, lat, det::jsonb,
       ${utc("sta")}, ${utc("fin")}
  FROM step_input
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
WITH runs AS (${upsertRuns} RETURNING "id", "workspaceId", "botId", "deploymentId"),
     step_input AS (${stepInput}),
     old_steps AS (${oldSteps}),
     steps AS (${upsertSteps} RETURNING 1)
${upsertUsageRollup}`;

function runParameters(runs: RunRecord[]) {
  return [
    runs.map((r) => r.id),
    runs.map((r) => r.workspaceId),
    runs.map((r) => r.botId),
    runs.map((r) => r.botVersionId),
    runs.map((r) => r.deploymentId),
    runs.map((r) => r.source),
    runs.map((r) => r.status),
    runs.map((r) => r.sessionId),
    runs.map((r) => json(r.input)),
    runs.map((r) => json(r.output)),
    runs.map((r) => r.error),
    runs.map((r) => r.tokensIn),
    runs.map((r) => r.tokensOut),
    runs.map((r) => r.costUsd),
    runs.map((r) => r.latencyMs),
    runs.map((r) => r.createdAt),
    runs.map((r) => r.startedAt),
    runs.map((r) => r.finishedAt),
    runs.map((r) => r.events ?? null),
  ];
}

function stepParameters(steps: StepRow[]) {
  return [
    steps.map(() => randomUUID()),
    steps.map((s) => s.runId),
    steps.map((s) => s.nodeId),
    steps.map((s) => s.nodeType),
    steps.map((s) => s.status),
    steps.map((s) => s.attempts),
    steps.map((s) => json(s.input)),
    steps.map((s) => json(s.output)),
    steps.map((s) => s.error),
    steps.map((s) => s.provider),
    steps.map((s) => s.model),
    steps.map((s) => s.tokensIn),
    steps.map((s) => s.tokensOut),
    steps.map((s) => s.costUsd),
    steps.map((s) => s.finishedAt - s.startedAt),
    steps.map((s) => json(s.detail)),
    steps.map((s) => s.startedAt),
    steps.map((s) => s.finishedAt),
  ];
}

export class RunWriter {
  private readonly pool: pg.Pool;
  private readonly durablePool: pg.Pool;
  private readonly batches = new GroupCommit<PendingWrite>((batch) => this.persistThroughOutage(batch));

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
    this.pool = new pg.Pool({ connectionString: databaseUrl, max: poolSize, options: "-c synchronous_commit=off" });
    this.durablePool = new pg.Pool({ connectionString: databaseUrl, max: poolSize });
    for (const pool of [this.pool, this.durablePool]) pool.on("error", () => undefined); // a dropped idle connection is replaced on next use
  }

  /** Resolves once the run (and its steps, if any) is committed. */
  write(run: RunRecord, steps: StepRow[] = []): Promise<void> {
    return this.batches.add({ run, steps });
  }

  // A database restart takes seconds; the run's result (a paid-for model answer) is worth waiting
  // for. Writes are idempotent upserts, so a retry after an unclear failure is safe.
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
    const pool = runs.some((run) => run.finishedAt !== null) ? this.durablePool : this.pool;
    // One statement (runs, steps and the usage rollup in data-modifying CTEs): atomic, and one round trip.
    // Named, so each connection parses and plans it once rather than on every write.
    if (!steps.length) await pool.query({ name: "upsert-runs", text: upsertRuns, values: runParameters(runs) });
    else
      await pool.query({
        name: "upsert-runs-and-steps",
        text: upsertRunsAndSteps,
        values: [...runParameters(runs), ...stepParameters(steps)],
      });
  }

  async close(): Promise<void> {
    await this.batches.drain();
    await Promise.all([this.pool.end(), this.durablePool.end()]);
  }
}
