// A counting semaphore in Redis shared by every worker: at most `limit` holders per key. A holder
// renews its lease while it works, so a crashed worker's slot frees itself within one lease.
//
// A slot released while another caller in this process waits for the same key is handed straight to
// that caller, lease and all: the count in Redis does not change, so the limit still holds across
// processes, and the next request starts without a Redis round trip. Only a slot nobody here waits for
// goes back to Redis, where waiters in other processes find it by polling.
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

/** A slot's entry in Redis and the timer that keeps it alive; it outlives a holder when handed on. */
interface Lease {
  token: string;
  renew: NodeJS.Timeout;
}

/** A waiter is resumed with a lease handed to it, or with null to try Redis again. */
type Waiter = (lease: Lease | null) => void;

export type SemaphoreRelease = () => Promise<void>;

export class RedisSemaphore {
  private readonly waiters = new Map<string, Waiter[]>();

  constructor(
    private readonly redis: Redis,
    private readonly leaseMs = 30_000,
    private readonly pollMs = 100,
  ) {}

  /** Waits for a slot under `key`; resolves with the release function. */
  async acquire(key: string, limit: number): Promise<SemaphoreRelease> {
    const redisKey = `semaphore:${key}`;
    for (;;) {
      const lease = await this.tryRedis(redisKey, limit);
      if (lease) return this.holding(redisKey, lease);
      const handed = await this.wait(redisKey);
      if (handed) return this.holding(redisKey, handed);
    }
  }

  private async tryRedis(redisKey: string, limit: number): Promise<Lease | null> {
    const token = randomUUID();
    const now = Date.now();
    const granted = await this.redis.eval(acquireScript, 1, redisKey, now, limit, now + this.leaseMs, token, this.leaseMs);
    if (granted !== 1) return null;
    const renew = setInterval(
      () => void this.redis.zadd(redisKey, "XX", Date.now() + this.leaseMs, token).catch(() => undefined),
      this.leaseMs / 3,
    );
    renew.unref();
    return { token, renew };
  }

  /** Resolves with a lease a local holder handed over, or null when it is time to poll Redis again. */
  private wait(redisKey: string): Promise<Lease | null> {
    return new Promise((resolve) => {
      const queue = this.waiters.get(redisKey) ?? [];
      this.waiters.set(redisKey, queue);
      const waiter: Waiter = (lease) => {
        clearTimeout(timer);
        resolve(lease);
      };
      const timer = setTimeout(
        () => {
          const index = queue.indexOf(waiter);
          if (index >= 0) queue.splice(index, 1);
          if (!queue.length && this.waiters.get(redisKey) === queue) this.waiters.delete(redisKey);
          resolve(null);
        },
        this.pollMs + Math.random() * this.pollMs,
      );
      queue.push(waiter);
    });
  }

  private nextWaiter(redisKey: string): Waiter | undefined {
    const queue = this.waiters.get(redisKey);
    const next = queue?.shift();
    if (queue && !queue.length) this.waiters.delete(redisKey);
    return next;
  }

  private holding(redisKey: string, lease: Lease): SemaphoreRelease {
    let released = false;
    return async () => {
      if (released) return;
      released = true;
      const next = this.nextWaiter(redisKey);
      if (next) return next(lease);
      clearInterval(lease.renew);
      await this.redis.zrem(redisKey, lease.token);
      // a caller that began waiting while the slot was being returned tries Redis at once
      this.nextWaiter(redisKey)?.(null);
    };
  }
}
