// One Prisma client per process, shared by every data-access function. It talks to PostgreSQL through
// the `pg` driver adapter (no native query engine).
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaClient } from "./generated/prisma/client";

export type Db = PrismaClient;

// The pool under each client, for the reads written as plain SQL (see run-target.ts, usage.ts). Kept on
// the client under a registered symbol: Next.js may bundle this module once per page and route chunk,
// and a module-level map in one copy would not know clients made by another.
const poolKey = Symbol.for("switchyard.db.pool");

export function dbPool(db: Db): pg.Pool {
  const pool = (db as unknown as Record<symbol, pg.Pool | undefined>)[poolKey];
  if (!pool) throw new Error("this client was not made by createDb");
  return pool;
}

const globalForDb = globalThis as unknown as { switchyardDb?: Db };

export function createDb(databaseUrl: string, poolSize = 10): Db {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: poolSize });
  pool.on("error", () => undefined); // a dropped idle connection is replaced on next use
  const db = new PrismaClient({ adapter: new PrismaPg(pool) });
  Object.defineProperty(db, poolKey, { value: pool });
  return db;
}

/** The process-wide client (kept across Next.js dev reloads). */
export function getDb(): Db {
  if (!globalForDb.switchyardDb) {
    const url = process.env.DATABASE_URL;
    if (!url) throw new Error("DATABASE_URL is not set");
    globalForDb.switchyardDb = createDb(url);
  }
  return globalForDb.switchyardDb;
}
