// A counting semaphore in Redis shared by every worker: at most `limit` holders per key. A holder
// renews its lease while it works, so a crashed worker's slot frees itself within one lease. Waiters in
// this process are woken by local releases at once; slots freed by other processes are noticed by
// polling.
import { randomUUID } from "node:crypto";
import type { Redis } from "ioredis";

const acquireScript = `
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
if redis.call('ZCARD', KEYS[1]) < tonumber(ARGV[2]) then
  redis.call('ZADD', KEYS[1], ARGV[3], ARGV[4])
  redis.call('PEXPIRE', KEYS[1], ARGV[5])
  return 1
end
return 0`;

export class RedisSemaphore {
  private readonly wakers = new Set<() => void>();

  constructor(
    private readonly redis: Redis,
    private readonly leaseMs = 30_000,
    private readonly pollMs = 100,
  ) {}

  /** Waits for a slot under `key`; resolves with the release function. */
  async acquire(key: string, limit: number): Promise<() => Promise<void>> {
    const token = randomUUID();
    const redisKey = `semaphore:${key}`;
    for (;;) {
      const now = Date.now();
      const granted = await this.redis.eval(acquireScript, 1, redisKey, now, limit, now + this.leaseMs, token, this.leaseMs);
      if (granted === 1) {
        const renew = setInterval(
          () => void this.redis.zadd(redisKey, "XX", Date.now() + this.leaseMs, token).catch(() => undefined),
          this.leaseMs / 3,
        );
        renew.unref();
        return async () => {
          clearInterval(renew);
          await this.redis.zrem(redisKey, token);
          const wake = this.wakers.values().next().value;
          wake?.();
        };
      }
      await new Promise<void>((resolve) => {
        const wake = () => {
          clearTimeout(timer);
          this.wakers.delete(wake);
          resolve();
        };
        const timer = setTimeout(wake, this.pollMs + Math.random() * this.pollMs);
        this.wakers.add(wake);
      });
    }
  }
}
