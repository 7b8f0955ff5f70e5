// Persists eval results with group commit, like the run writer: results that arrive while a write is
// in flight go into the next multi-row upsert. Upserting on (evalRun, item, variant, repeat) makes a cell
// executed twice (a worker crash between the write and the job's completion) harmless.
import { randomUUID } from "node:crypto";
import pg from "pg";
import { queryNamed } from "./named-statements";
import { GroupCommit } from "./group-commit";

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

const upsert = `
INSERT INTO "EvalResult" ("id","evalRunId","datasetItemId","variantKey","output","scores","passed","error","costUsd","latencyMs","runId","repeat","cachedCalls","savedUsd")
SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::jsonb[], $6::jsonb[], $7::bool[], $8::text[], $9::float8[], $10::int[], $11::text[], $12::int[], $13::int[], $14::float8[])
ON CONFLICT ("evalRunId","datasetItemId","variantKey","repeat") DO UPDATE SET
  "output" = EXCLUDED."output", "scores" = EXCLUDED."scores", "passed" = EXCLUDED."passed", "error" = EXCLUDED."error",
  "costUsd" = EXCLUDED."costUsd", "latencyMs" = EXCLUDED."latencyMs", "runId" = EXCLUDED."runId",
  "cachedCalls" = EXCLUDED."cachedCalls", "savedUsd" = EXCLUDED."savedUsd"`;

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
    const rows = [...new Map(batch.map((row) => [`${row.datasetItemId}/${row.variantKey}/${row.repeat}/${row.evalRunId}`, row])).values()];
    // named: each connection parses and plans the statement once, not on every batch
    await queryNamed(this.pool, {
      name: "upsert-eval-results",
      text: upsert,
      values: [
        rows.map(() => randomUUID()),
        rows.map((r) => r.evalRunId),
        rows.map((r) => r.datasetItemId),
        rows.map((r) => r.variantKey),
        rows.map((r) => JSON.stringify(r.output)),
        rows.map((r) => JSON.stringify(r.scores)),
        rows.map((r) => r.passed),
        rows.map((r) => r.error),
        rows.map((r) => r.costUsd),
        rows.map((r) => r.latencyMs),
        rows.map((r) => r.runId),
        rows.map((r) => r.repeat),
        rows.map((r) => r.cachedCalls),
        rows.map((r) => r.savedUsd),
      ],
    });
  }

  async close(): Promise<void> {
    await this.batches.drain();
    await this.pool.end();
  }
}
