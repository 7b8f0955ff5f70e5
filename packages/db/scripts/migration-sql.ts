// npm run migration:sql -w @switchyard/db -- <name>
// Writes prisma/migrations/<timestamp>_<name>/migration.sql with the SQL that brings DATABASE_URL (a
// database with every existing migration applied) up to schema.prisma. It covers additive changes;
// anything else it lists as problems to write by hand. With Prisma's native engine available,
// `prisma migrate dev` does the same job.
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { applyMigrations, diffDatabaseAgainstSchema, migrationsDir } from "../src/migrations/index";

const name = process.argv[2];
const databaseUrl = process.env.DATABASE_URL;
if (!name || !/^[a-z0-9_]+$/.test(name) || !databaseUrl) {
  console.error("usage: DATABASE_URL=... npm run migration:sql -w @switchyard/db -- <snake_case_name>");
  process.exit(1);
}
await applyMigrations(databaseUrl, migrationsDir);
const diff = await diffDatabaseAgainstSchema(databaseUrl);
if (!diff.problems.length) {
  console.log("schema.prisma and the migrations agree; nothing to write");
  process.exit(0);
}
const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
const folder = path.join(migrationsDir, `${stamp}_${name}`);
await mkdir(folder, { recursive: true });
await writeFile(path.join(folder, "migration.sql"), diff.sql);
console.log(`wrote ${path.relative(process.cwd(), folder)}/migration.sql`);
const manual = diff.problems.filter((problem) => !/ is missing$/.test(problem));
if (manual.length) console.log(`write these by hand:\n  ${manual.join("\n  ")}`);
