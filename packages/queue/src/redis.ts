// Redis connections. Commands fail within a few seconds while Redis is down (so HTTP callers get a
// clear 503 instead of hanging), and the client reconnects by itself when it comes back.
import { Redis } from "ioredis";

const globalForRedis = globalThis as unknown as { switchyardRedis?: Redis };

// REDIS_KEY_PREFIX namespaces every key, so several installations (or test runs) can share one Redis.
export const redisKeyPrefix = () => process.env.REDIS_KEY_PREFIX ?? "";

// reconnect soon after a drop, then every 2 s at most, forever: Redis coming back must be noticed
const reconnectDelay = (attempt: number) => Math.min(attempt * 100, 2_000);

export function createRedis(url: string, options: { blocking?: boolean; autoPipelining?: boolean } = {}): Redis {
  return new Redis(url, {
    keyPrefix: redisKeyPrefix(),
    // commands issued in the same tick share one write: many small event appends cost one round trip
    enableAutoPipelining: options.autoPipelining ?? false,
    // blocking readers (BullMQ workers, stream tails) must wait; request paths must not
    maxRetriesPerRequest: options.blocking ? null : 1,
    commandTimeout: options.blocking ? undefined : 3_000,
    connectTimeout: 2_000,
    retryStrategy: reconnectDelay,
  });
}

/**
 * The process-wide client for short commands (rate limits, budget admission, event reads). Auto-pipelined:
 * the commands of every request handled in one turn of the event loop leave in one socket write.
 */
export function getRedis(): Redis {
  if (!globalForRedis.switchyardRedis) {
    globalForRedis.switchyardRedis = createRedis(process.env.REDIS_URL ?? "redis://127.0.0.1:6379", { autoPipelining: true });
    globalForRedis.switchyardRedis.on("error", () => undefined); // reported per command instead
  }
  return globalForRedis.switchyardRedis;
}

/** BullMQ keeps its own key prefix (it refuses ioredis prefixes); namespaced the same way. */
export const bullPrefix = () => `${redisKeyPrefix()}bull`;

/**
 * A connection for BullMQ. Workers block and must wait out an outage (BullMQ retries them itself);
 * a producer that enqueues for an HTTP request (`producer: true`) must fail fast like any request
 * command, or the request would hang until Redis came back.
 */
export function createBullConnection(url: string, options: { producer?: boolean } = {}): Redis {
  if (options.producer)
    return new Redis(url, { maxRetriesPerRequest: 1, commandTimeout: 3_000, connectTimeout: 2_000, retryStrategy: reconnectDelay });
  return new Redis(url, { maxRetriesPerRequest: null, connectTimeout: 2_000 });
}

/** Errors meaning Redis cannot be reached right now (down or restarting): worth a 503, not a 500. */
export function isRedisUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (error.name === "MaxRetriesPerRequestError") return true;
  const code = (error as { code?: string }).code ?? "";
  if (["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE"].includes(code)) return true;
  return /Connection is closed|Command timed out|Stream isn't writeable|enableOfflineQueue/.test(error.message);
}
