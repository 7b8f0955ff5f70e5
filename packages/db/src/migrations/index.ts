import { fileURLToPath } from "node:url";
import pg from "pg";
import { actualSchemaShape } from "./actual-schema";
import { expectedSchemaShape, readPrismaSchema } from "./expected-schema";
import { diffSchemas, type SchemaDiff } from "./schema-diff";

export { applyMigrations, readMigrations } from "./apply-migrations";
export { diffSchemas } from "./schema-diff";

export const schemaPath = fileURLToPath(new URL("../../../../prisma/schema.prisma", import.meta.url));
export const migrationsDir = fileURLToPath(new URL("../../../../prisma/migrations", import.meta.url));

/** Differences between schema.prisma and the database behind `databaseUrl`; none means no drift. */
export async function diffDatabaseAgainstSchema(databaseUrl: string): Promise<SchemaDiff> {
  const expected = expectedSchemaShape(await readPrismaSchema(schemaPath));
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return diffSchemas(expected, await actualSchemaShape(client));
  } finally {
    await client.end();
  }
}
