// npm run migrate -w @switchyard/db: applies pending migrations to DATABASE_URL.
import { applyMigrations, migrationsDir } from "../src/migrations/index";

const databaseUrl = process.env.DATABASE_URL;
if (!databaseUrl) {
  console.error("DATABASE_URL is not set");
  process.exit(1);
}
const applied = await applyMigrations(databaseUrl, migrationsDir);
console.log(applied.length ? `applied: ${applied.join(", ")}` : "database is up to date");
