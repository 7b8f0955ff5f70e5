// Fixed-window rate limiting in Redis: one round trip per check, shared by every web process.
import type { RedisClient } from "./redis";

export interface RateLimitResult {
  allowed: boolean;
  remaining: number;
  retryAfterSeconds: number;
}

const script = `
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return { count, redis.call('PTTL', KEYS[1]) }`;

export async function consumeRateLimit(redis: RedisClient, key: string, limit: number, windowMs: number): Promise<RateLimitResult> {
  const [count, ttl] = (await redis.eval(script, 1, `ratelimit:${key}`, windowMs)) as [number, number];
  return {
    allowed: count <= limit,
    remaining: Math.max(0, limit - count),
    retryAfterSeconds: Math.max(1, Math.ceil(ttl / 1000)),
  };
}

export async function resetRateLimit(redis: RedisClient, key: string): Promise<void> {
  await redis.del(`ratelimit:${key}`);
}
