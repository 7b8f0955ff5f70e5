// Chunks embedded before the packed `vector` column get it when the migration runs: the same floats,
// little-endian, byte for byte what the writer stores for new chunks; chunks without an embedding keep none.
import { cp, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, expect, it } from "vitest";
import { applyMigrations, migrationsDir, readMigrations } from "@switchyard/db/migrations";
import { createEmptyDatabase } from "../../support/database";

const PACKED = "20261207030000_chunk_packed_vector";
const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  await Promise.all(cleanups.map((cleanup) => cleanup()));
});

it("packs the vectors of chunks stored before the packed column, float for float", async () => {
  const database = await createEmptyDatabase("vector-migration");
  cleanups.push(database.drop);
  const before = await mkdtemp(path.join(tmpdir(), "migrations-"));
  cleanups.push(() => rm(before, { recursive: true, force: true }));
  const older = (await readMigrations(migrationsDir)).filter((migration) => migration.name < PACKED);
  await Promise.all(
    older.map((migration) => cp(path.join(migrationsDir, migration.name), path.join(before, migration.name), { recursive: true })),
  );
  await applyMigrations(database.url, before);

  const floats = [0.5, -1.25, 0.1, 1e-30, -0];
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  try {
    // only the chunk rows matter here: no workspace, store or document behind them
    await client.query("SET session_replication_role = replica");
    await client.query(
      `INSERT INTO "Chunk" (id, "storeId", "documentId", position, content, "tokenCount", embedding)
       VALUES ('embedded', 's', 'd', 0, 'a', 1, $1::real[]), ('plain', 's', 'd', 1, 'b', 1, '{}')`,
      // as text, so -0 stays negative
      [`{${floats.map((value) => (Object.is(value, -0) ? "-0" : String(value))).join(",")}}`],
    );
    expect(await applyMigrations(database.url, migrationsDir)).toContain(PACKED);
    const { rows } = await client.query<{ id: string; vector: Buffer | null }>(`SELECT id, "vector" FROM "Chunk" ORDER BY id`);
    expect(rows).toEqual([
      { id: "embedded", vector: Buffer.from(Float32Array.from(floats).buffer) },
      { id: "plain", vector: null },
    ]);
  } finally {
    await client.end();
  }
});
