// The eval response cache in PostgreSQL (table "EvalResponseCache"): durable across worker restarts and
// shared by every worker, scoped per workspace, with an expiry per row. Reads and writes use group
// commit: lookups that arrive while one is in flight go together in the next query, so an eval run at
// 32 pairs in flight makes one round trip per batch, not per model call.
import type pg from "pg";
import { queryNamed } from "../named-statements";
import { dbPool, type Db } from "../client";
import { GroupCommit } from "../group-commit";

/** The stored answer; its shape is owned by @switchyard/providers (`CachedResponse`). */
export type StoredResponse = { usage: { costUsd: number } } & Record<string, unknown>;

interface Lookup<T> {
  workspaceId: string;
  key: string;
  found: T | null;
}

interface Entry<T> {
  workspaceId: string;
  key: string;
  response: T;
}

export const RESPONSE_CACHE_TTL_DAYS = 30;

const select = `
SELECT c."workspaceId", c."key", c."response" FROM "EvalResponseCache" c
JOIN unnest($1::text[], $2::text[]) AS wanted("workspaceId", "key") USING ("workspaceId", "key")
WHERE c."expiresAt" > now()`;

const upsert = `
INSERT INTO "EvalResponseCache" ("workspaceId", "key", "response", "expiresAt")
SELECT w, k, r, now() + make_interval(days => $4) FROM unnest($1::text[], $2::text[], $3::jsonb[]) AS t(w, k, r)
ON CONFLICT ("workspaceId", "key") DO UPDATE SET "response" = EXCLUDED."response", "expiresAt" = EXCLUDED."expiresAt"`;

export class ResponseCacheStore<T extends StoredResponse = StoredResponse> {
  private readonly pool: pg.Pool;
  // a lookup waits up to 5 ms for others when few are queued: the pair's model call (the one waiting)
  // queues for a provider slot anyway, and a statement's CPU is the same for one key or twenty
  private readonly lookups = new GroupCommit<Lookup<T>>((batch) => this.read(batch), 1, { ms: 5, batch: 16 });
  // nobody waits for an answer to be stored: a small batch lingers for more (a statement's CPU is the
  // same for one entry or twenty)
  private readonly entries = new GroupCommit<Entry<T>>((batch) => this.write(batch), 1, { ms: 25, batch: 16 });

  constructor(
    db: Db,
    private readonly ttlDays = RESPONSE_CACHE_TTL_DAYS,
  ) {
    this.pool = dbPool(db);
  }

  async get(workspaceId: string, key: string): Promise<T | null> {
    const lookup: Lookup<T> = { workspaceId, key, found: null };
    await this.lookups.add(lookup);
    return lookup.found;
  }

  put(workspaceId: string, key: string, response: T): Promise<void> {
    return this.entries.add({ workspaceId, key, response });
  }

  private async read(batch: Lookup<T>[]): Promise<void> {
    // named: each connection parses and plans the statement once, not on every batch
    const { rows } = await queryNamed<{ workspaceId: string; key: string; response: T }>(this.pool, {
      name: "eval-response-cache-select",
      text: select,
      values: [batch.map((lookup) => lookup.workspaceId), batch.map((lookup) => lookup.key)],
    });
    const found = new Map(rows.map((row) => [`${row.workspaceId}\u0000${row.key}`, row.response]));
    for (const lookup of batch) lookup.found = found.get(`${lookup.workspaceId}\u0000${lookup.key}`) ?? null;
  }

  private async write(batch: Entry<T>[]): Promise<void> {
    // one row per key in a statement: ON CONFLICT cannot touch the same row twice
    const rows = [...new Map(batch.map((entry) => [`${entry.workspaceId}\u0000${entry.key}`, entry])).values()];
    await queryNamed(this.pool, {
      name: "eval-response-cache-upsert",
      text: upsert,
      values: [
        rows.map((entry) => entry.workspaceId),
        rows.map((entry) => entry.key),
        rows.map((entry) => JSON.stringify(entry.response)),
        this.ttlDays,
      ],
    });
  }
}

/** Deletes expired entries, a bounded number per statement so a large backlog never holds long locks. */
export async function sweepExpiredResponses(db: Db, batchSize = 5_000): Promise<number> {
  let deleted = 0;
  for (;;) {
    const { rowCount } = await dbPool(db).query(
      `DELETE FROM "EvalResponseCache" WHERE ctid IN (SELECT ctid FROM "EvalResponseCache" WHERE "expiresAt" <= now() LIMIT $1)`,
      [batchSize],
    );
    deleted += rowCount ?? 0;
    if ((rowCount ?? 0) < batchSize) return deleted;
  }
}
