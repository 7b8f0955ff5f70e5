// The database built by prisma/migrations must match schema.prisma exactly. This fails when someone
// edits the schema without adding a migration (or edits a migration by hand).
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { applyMigrations, diffDatabaseAgainstSchema, migrationsDir, readMigrations } from "@switchyard/db/migrations";
import { createEmptyDatabase } from "../support/database";

const databases: { drop: () => Promise<void> }[] = [];
afterAll(async () => {
  await Promise.all(databases.map((database) => database.drop()));
});

async function freshDatabase() {
  const database = await createEmptyDatabase("drift");
  databases.push(database);
  return database;
}

async function sql(url: string, statement: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query(statement);
  await client.end();
}

describe("migrations", () => {
  it("build a database with no drift from schema.prisma", async () => {
    const { url } = await freshDatabase();
    await applyMigrations(url, migrationsDir);
    const diff = await diffDatabaseAgainstSchema(url);
    expect(diff.problems).toEqual([]);
  });

  it("are recorded like prisma migrate deploy records them, and re-applying is a no-op", async () => {
    const { url } = await freshDatabase();
    const applied = await applyMigrations(url, migrationsDir);
    expect(applied.length).toBeGreaterThan(0);
    expect(await applyMigrations(url, migrationsDir)).toEqual([]);
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const { rows } = await client.query(`SELECT migration_name, checksum, finished_at FROM "_prisma_migrations" ORDER BY migration_name`);
    await client.end();
    const expected = await readMigrations(migrationsDir);
    expect(rows.map((row) => [row.migration_name, row.checksum])).toEqual(expected.map((m) => [m.name, m.checksum]));
    expect(rows.every((row) => row.finished_at)).toBe(true);
  });

  it("apply safely when several processes start at once", async () => {
    const { url } = await freshDatabase();
    const results = await Promise.all([1, 2, 3].map(() => applyMigrations(url, migrationsDir)));
    expect(results.flat().length).toBe((await readMigrations(migrationsDir)).length);
  });
});

describe("the drift check", () => {
  it("reports a dropped index, an extra column and a changed nullability", async () => {
    const { url } = await freshDatabase();
    await applyMigrations(url, migrationsDir);
    await sql(url, `DROP INDEX "Run_botId_createdAt_idx"`);
    await sql(url, `ALTER TABLE "Bot" ADD COLUMN "colour" TEXT`);
    await sql(url, `ALTER TABLE "User" ALTER COLUMN "name" SET NOT NULL`);
    const diff = await diffDatabaseAgainstSchema(url);
    expect(diff.problems).toEqual(
      expect.arrayContaining([
        "index Run_botId_createdAt_idx is missing",
        "column Bot.colour exists but is not in schema.prisma",
        expect.stringMatching(/^column User\.name is .*"nullable":false.*expected.*"nullable":true/),
      ]),
    );
    expect(diff.sql).toContain(`CREATE INDEX "Run_botId_createdAt_idx" ON "Run"("botId", "createdAt");`);
  });

  it("reports a missing foreign key and enum value", async () => {
    const { url } = await freshDatabase();
    await applyMigrations(url, migrationsDir);
    await sql(url, `ALTER TABLE "RunStep" DROP CONSTRAINT "RunStep_runId_fkey"`);
    await sql(url, `ALTER TYPE "RunStatus" RENAME VALUE 'CANCELLED' TO 'CANCELED'`);
    const diff = await diffDatabaseAgainstSchema(url);
    expect(diff.problems).toContain("foreign key RunStep_runId_fkey is missing");
    expect(diff.problems.some((problem) => problem.startsWith("enum RunStatus has values"))).toBe(true);
  });
});
