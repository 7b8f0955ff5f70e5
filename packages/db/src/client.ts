// One Prisma client per process, shared by every data-access function. It talks to PostgreSQL through
// the `pg` driver adapter (no native query engine).
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "./generated/prisma/client";

export type Db = PrismaClient;

const globalForDb = globalThis as unknown as { switchyardDb?: Db };

export function createDb(databaseUrl: string, poolSize = 10): Db {
  const adapter = new PrismaPg({ connectionString: databaseUrl, max: poolSize });
  return new PrismaClient({ adapter });
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
