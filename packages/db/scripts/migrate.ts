// `switchyard migrate` (dist/switchyard.mjs migrate in the image; `npm run db:migrate` from source):
// applies pending migrations to DATABASE_URL once per release. Idempotent, and safe when several
// replicas run it at once: applyMigrations holds a PostgreSQL advisory lock while it works.
// apply-migrations alone: the migrations index also loads the schema parser, a dev dependency
import { fileURLToPath } from "node:url";
import { applyMigrations } from "../src/migrations/apply-migrations";

const databaseUrl = process.env.DATABASE_URL;
if (!databaseUrl) {
  console.error("DATABASE_URL is not set");
  process.exit(1);
}
// the production tree keeps them beside its entry point (dist/switchyard.mjs sets the variable)
const dir = process.env.SWITCHYARD_MIGRATIONS_DIR ?? fileURLToPath(new URL("../../../prisma/migrations", import.meta.url));
try {
  const applied = await applyMigrations(databaseUrl, dir);
  console.log(applied.length ? `applied: ${applied.join(", ")}` : "database is up to date");
} catch (error) {
  console.error(`migrations failed: ${(error as Error).message}`);
  process.exitCode = 1;
}
