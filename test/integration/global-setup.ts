// One fresh, migrated database and one Redis key namespace for the whole integration run.
import { randomBytes } from "node:crypto";
import { createMigratedDatabase } from "../support/database";
import { dropRedisNamespace } from "../support/redis-namespace";

export default async function setup() {
  const database = await createMigratedDatabase("it");
  process.env.DATABASE_URL = database.url;
  process.env.REDIS_URL ??= "redis://127.0.0.1:6379";
  process.env.REDIS_KEY_PREFIX = `sy-it-${randomBytes(4).toString("hex")}:`;
  process.env.SWITCHYARD_SECRET ??= randomBytes(32).toString("base64url");
  return async () => {
    await database.drop();
    await dropRedisNamespace(process.env.REDIS_URL!, process.env.REDIS_KEY_PREFIX!);
  };
}
