// Persists eval results with group commit, like the run writer: results that arrive while a write is
// in flight go into the next multi-row upsert. Upserting on (evalRun, item, variant, repeat) makes a cell
// executed twice (a worker crash between the write and the job's completion) harmless.
import { randomUUID } from "node:crypto";
import pg from "pg";
import { queryNamed } from "../named-statements";
import { GroupCommit } from "../group-commit";

export interface EvalResultRow {
  evalRunId: string;
  datasetItemId: string;
  variantKey: string;
  repeat: number;
  output: string | null;
  scores: unknown;
  /** Null when no evaluator measured the item (each skipped it): neither passed nor failed. */
  passed: boolean | null;
  error: string | null;
  costUsd: number;
  latencyMs: number | null;
  runId: string | null;
  /** Model calls answered from the response cache, and what they cost when first made. */
  cachedCalls: number;
  savedUsd: number;
}

/** The upsert of the JSON array `parameter` holds (see `evalResultsJson`); the run writer uses it too. */
export const upsertEvalResults = (parameter: string) => `
INSERT INTO "EvalResult" ("id","evalRunId","datasetItemId","variantKey","output","scores","passed","error","costUsd","latencyMs","runId","repeat","cachedCalls","savedUsd")
SELECT id, ev, item, variant, outp::jsonb, scores::jsonb, passed, err, cost, lat, run, rep, cached, saved
  FROM json_to_recordset(${parameter}::json)
       AS t(id text, ev text, item text, variant text, outp text, scores text, passed bool, err text, cost float8, lat int,
            run text, rep int, cached int, saved float8)
ON CONFLICT ("evalRunId","datasetItemId","variantKey","repeat") DO UPDATE SET
  "output" = EXCLUDED."output", "scores" = EXCLUDED."scores", "passed" = EXCLUDED."passed", "error" = EXCLUDED."error",
  "costUsd" = EXCLUDED."costUsd", "latencyMs" = EXCLUDED."latencyMs", "runId" = EXCLUDED."runId",
  "cachedCalls" = EXCLUDED."cachedCalls", "savedUsd" = EXCLUDED."savedUsd"`;

/**
 * The rows as one JSON array parameter (a JSON string goes to pg as it is; a text[] element is escaped
 * in JavaScript). One row per cell: ON CONFLICT cannot touch the same row twice in a statement. Output
 * and scores keep their stored form: their JSON text, so a null output is a JSON null as before.
 */
export function evalResultsJson(batch: EvalResultRow[]): string {
  const rows = [...new Map(batch.map((row) => [`${row.datasetItemId}/${row.variantKey}/${row.repeat}/${row.evalRunId}`, row])).values()];
  return JSON.stringify(
    rows.map((r) => ({
      id: randomUUID(),
      ev: r.evalRunId,
      item: r.datasetItemId,
      variant: r.variantKey,
      outp: JSON.stringify(r.output),
      scores: JSON.stringify(r.scores),
      passed: r.passed,
      err: r.error,
      cost: r.costUsd,
      lat: r.latencyMs,
      run: r.runId,
      rep: r.repeat,
      cached: r.cachedCalls,
      saved: r.savedUsd,
    })),
  );
}

export class EvalResultWriter {
  private readonly pool: pg.Pool;
  private readonly batches = new GroupCommit<EvalResultRow>((rows) => this.persist(rows));

  constructor(databaseUrl: string, poolSize = 2) {
    this.pool = new pg.Pool({ connectionString: databaseUrl, max: poolSize });
    this.pool.on("error", () => undefined);
  }

  write(row: EvalResultRow): Promise<void> {
    return this.batches.add(row);
  }

  private async persist(batch: EvalResultRow[]): Promise<void> {
    // named: each connection parses and plans the statement once, not on every batch
    await queryNamed(this.pool, { name: "upsert-eval-results", text: upsertEvalResults("$1"), values: [evalResultsJson(batch)] });
  }

  async close(): Promise<void> {
    await this.batches.drain();
    await this.pool.end();
  }
}
