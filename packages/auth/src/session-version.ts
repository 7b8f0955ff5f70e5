// Revocable sessions. Every session token carries the user's session version from when it was
// issued; signing out raises the version, so that token and every other one issued before stop
// working at once, in every web process. The version is read on each request from Redis (one round
// trip), which holds a copy of the database's for a few minutes.
import { bumpSessionVersion, readSessionVersion, type Db } from "@switchyard/db";
import type { Cluster, Redis } from "ioredis";

const key = (userId: string) => `session-version:${userId}`;
// Only matters if writing the new version to Redis fails after the database took it.
const CACHE_SECONDS = 300;

/** The user's current session version; null when the user no longer exists. */
export async function currentSessionVersion(db: Db, redis: Redis | Cluster, userId: string): Promise<number | null> {
  // with Redis down the database answers alone (it holds the version; Redis only a copy)
  const cached = await redis.get(key(userId)).catch(() => null);
  if (cached !== null) return Number(cached);
  const version = await readSessionVersion(db, userId);
  // NX: a copy read before a concurrent sign-out must not overwrite the newer version it wrote
  if (version !== null) await redis.set(key(userId), version, "EX", CACHE_SECONDS, "NX").catch(() => undefined);
  return version;
}

/** Ends every session of the user issued so far. */
export async function revokeSessions(db: Db, redis: Redis | Cluster, userId: string): Promise<void> {
  const version = await bumpSessionVersion(db, userId);
  await redis.set(key(userId), version, "EX", CACHE_SECONDS);
}

/** Whether a decoded session token is still good: its version is the user's current one (tokens from before versions count as 0). */
export async function sessionIsCurrent(db: Db, redis: Redis | Cluster, claims: Record<string, unknown>): Promise<boolean> {
  if (typeof claims.uid !== "string") return false;
  const version = await currentSessionVersion(db, redis, claims.uid);
  return version !== null && version === (typeof claims.sv === "number" ? claims.sv : 0);
}
