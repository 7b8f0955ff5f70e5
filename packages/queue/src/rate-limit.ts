// Fixed-window rate limiting in Redis: one round trip per check, however many limits a request counts
// against, shared by every web process.
import { withCommand, type LuaCommand } from "./lua-command";
import type { RedisClient } from "./redis";

export interface RateLimitResult {
  allowed: boolean;
  remaining: number;
  retryAfterSeconds: number;
}

// KEYS: one counter per limit. ARGV: the window (ms). Returns count and ttl per key.
export const consumeRateLimitsCommand: LuaCommand = {
  name: "consumeRateLimits",
  lua: `
local out = {}
for i = 1, #KEYS do
  local count = redis.call('INCR', KEYS[i])
  if count == 1 then redis.call('PEXPIRE', KEYS[i], ARGV[1]) end
  out[#out + 1] = count
  out[#out + 1] = redis.call('PTTL', KEYS[i])
end
return out`,
};

type RedisWithRateLimit = RedisClient & {
  consumeRateLimits(numberOfKeys: number, ...keysThenWindow: (string | number)[]): Promise<number[]>;
};

/** Counts one request against each limit (all of them, allowed or not), in one round trip. */
export async function consumeRateLimits(
  redis: RedisClient,
  limits: { key: string; limit: number }[],
  windowMs: number,
): Promise<RateLimitResult[]> {
  const keys = limits.map(({ key }) => `ratelimit:${key}`);
  const counting = withCommand<RedisWithRateLimit>(redis, consumeRateLimitsCommand);
  // a script may touch one hash slot of a cluster, and each limit's counter has its own: one call per
  // limit there (ioredis's auto-pipelining still sends those of a turn together, per node)
  const counts = redis.isCluster
    ? (await Promise.all(keys.map((key) => counting.consumeRateLimits(1, key, windowMs)))).flat()
    : await counting.consumeRateLimits(keys.length, ...keys, windowMs);
  return limits.map(({ limit }, index) => {
    const count = counts[index * 2]!;
    const ttl = counts[index * 2 + 1]!;
    return { allowed: count <= limit, remaining: Math.max(0, limit - count), retryAfterSeconds: Math.max(1, Math.ceil(ttl / 1000)) };
  });
}

export async function consumeRateLimit(redis: RedisClient, key: string, limit: number, windowMs: number): Promise<RateLimitResult> {
  return (await consumeRateLimits(redis, [{ key, limit }], windowMs))[0]!;
}

export async function resetRateLimit(redis: RedisClient, key: string): Promise<void> {
  await redis.del(`ratelimit:${key}`);
}
