// Each test run gets its own PostgreSQL database with every migration applied, and drops it after.
import { randomBytes } from "node:crypto";
import pg from "pg";
import { applyMigrations, migrationsDir } from "@switchyard/db/migrations";

export const adminDatabaseUrl = () => process.env.TEST_DATABASE_ADMIN_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

function withDatabase(url: string, name: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${name}`;
  return parsed.toString();
}

async function admin<T>(run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminDatabaseUrl() });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

export async function createEmptyDatabase(label: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `sy_${label}_${Date.now().toString(36)}_${randomBytes(3).toString("hex")}`;
  await admin((client) => client.query(`CREATE DATABASE "${name}"`));
  return {
    url: withDatabase(adminDatabaseUrl(), name),
    drop: () => admin((client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).then(() => undefined),
  };
}

export async function createMigratedDatabase(label: string) {
  const database = await createEmptyDatabase(label);
  await applyMigrations(database.url, migrationsDir);
  return database;
}
