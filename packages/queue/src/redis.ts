// Redis connections. Commands fail within a few seconds while Redis is down (so HTTP callers get a
// clear 503 instead of hanging), and the client reconnects by itself when it comes back.
import { Redis } from "ioredis";

const globalForRedis = globalThis as unknown as { switchyardRedis?: Redis };

// REDIS_KEY_PREFIX namespaces every key, so several installations (or test runs) can share one Redis.
export const redisKeyPrefix = () => process.env.REDIS_KEY_PREFIX ?? "";

export function createRedis(url: string, options: { blocking?: boolean; autoPipelining?: boolean } = {}): Redis {
  return new Redis(url, {
    keyPrefix: redisKeyPrefix(),
    // commands issued in the same tick share one write: many small event appends cost one round trip
    enableAutoPipelining: options.autoPipelining ?? false,
    // blocking readers (BullMQ workers, stream tails) must wait; request paths must not
    maxRetriesPerRequest: options.blocking ? null : 1,
    commandTimeout: options.blocking ? undefined : 3_000,
    connectTimeout: 2_000,
    retryStrategy: (attempt) => Math.min(attempt * 100, 2_000),
  });
}

/** The process-wide client for short commands (rate limits, event reads). */
export function getRedis(): Redis {
  if (!globalForRedis.switchyardRedis) {
    globalForRedis.switchyardRedis = createRedis(process.env.REDIS_URL ?? "redis://127.0.0.1:6379");
    globalForRedis.switchyardRedis.on("error", () => undefined); // reported per command instead
  }
  return globalForRedis.switchyardRedis;
}

/** BullMQ keeps its own key prefix (it refuses ioredis prefixes); namespaced the same way. */
export const bullPrefix = () => `${redisKeyPrefix()}bull`;

/** A connection for BullMQ, which manages blocking and retries itself. */
export function createBullConnection(url: string): Redis {
  return new Redis(url, { maxRetriesPerRequest: null, connectTimeout: 2_000 });
}
