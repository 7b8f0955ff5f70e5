// `switchyard migrate` from the production tree: once per release, idempotent, and safe when two
// replicas start it together on a fresh database (a PostgreSQL advisory lock serialises them).
import { spawn } from "node:child_process";
import path from "node:path";
import pg from "pg";
import { inject, describe, expect, it } from "vitest";
import { readMigrations } from "@switchyard/db/migrations";
import { createEmptyDatabase } from "../support/database";

const dir = inject("artifactsDir");

function migrate(databaseUrl: string): Promise<{ code: number | null; output: string }> {
  const { NODE_OPTIONS: _loaders, ...env } = process.env;
  const child = spawn(process.execPath, [path.join(dir, "switchyard.mjs"), "migrate"], {
    cwd: dir,
    env: { ...env, DATABASE_URL: databaseUrl },
  });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  return new Promise((resolve) => child.once("exit", (code) => resolve({ code, output })));
}

describe("switchyard migrate (built)", () => {
  it("applies every migration exactly once when two run at the same moment on a fresh database", async () => {
    const database = await createEmptyDatabase("migrate_race");
    try {
      const [first, second] = await Promise.all([migrate(database.url), migrate(database.url)]);
      expect(first.code, first.output).toBe(0);
      expect(second.code, second.output).toBe(0);
      const expected = await readMigrations(path.join(dir, "prisma/migrations"));
      expect(expected.length).toBeGreaterThan(0);
      // one of them applied everything, the other found nothing left to do
      expect([first.output, second.output].filter((output) => output.includes("database is up to date")).length).toBe(1);
      const client = new pg.Client({ connectionString: database.url });
      await client.connect();
      const { rows } = await client.query<{ migration_name: string; times: number; finished: boolean }>(
        `SELECT migration_name, count(*)::int AS times, bool_and(finished_at IS NOT NULL) AS finished
           FROM "_prisma_migrations" GROUP BY migration_name ORDER BY migration_name`,
      );
      await client.end();
      expect(rows).toEqual(expected.map((migration) => ({ migration_name: migration.name, times: 1, finished: true })));

      const again = await migrate(database.url);
      expect(again).toEqual({ code: 0, output: "database is up to date\n" });
    } finally {
      await database.drop();
    }
  });

  it("exits non-zero with a message when it cannot reach the database", async () => {
    const result = await migrate("postgresql://postgres@127.0.0.1:1/nowhere");
    expect(result.code).toBe(1);
    expect(result.output).toMatch(/migrations failed: .*ECONNREFUSED/);
  });
});
