// A counting semaphore in Redis shared by every worker: at most `limit` holders per key. A holder
// renews its lease while it works, so a crashed worker's slot frees itself within one lease.
//
// A slot released while another caller in this process waits for the same key (with a limit at least
// as high) is handed straight to that caller, lease and all: the count in Redis does not change, so
// the limit still holds across processes, and the next request starts without a Redis round trip.
// Only a slot nobody here waits for goes back to Redis. With a subscriber, its return is announced on
// one channel for all keys, and every other process wakes one of its waiters for that key to try Redis
// at once; polling stays as the fallback (a message lost while the subscriber reconnected, a crashed
// holder's lease running out). Without one, waiters elsewhere find the slot by polling alone, up to a
// poll interval late, which is as long as a whole provider call. So a busy process keeps the slots it
// has until its own waiters run out: the limit is used in full either way, but other processes'
// callers may wait longer.
import { randomUUID } from "node:crypto";
import type { RedisClient, RedisSubscriber } from "./redis";

const acquireScript = `
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
if redis.call('ZCARD', KEYS[1]) < tonumber(ARGV[2]) then
  redis.call('ZADD', KEYS[1], ARGV[3], ARGV[4])
  redis.call('PEXPIRE', KEYS[1], ARGV[5])
  return 1
end
return 0`;

// Gives the slot back and says so: one round trip, and no process hears of a slot not yet free.
const releaseScript = `
redis.call('ZREM', KEYS[1], ARGV[1])
redis.call('PUBLISH', ARGV[2], ARGV[3])
return 1`;

// Extends the slot's lease and the key's expiry (the key would otherwise expire while slots are only
// ever handed on, never granted); 0 when the slot is gone (its lease ran out, e.g. during an outage).
const renewScript = `
if redis.call('ZADD', KEYS[1], 'XX', 'CH', ARGV[1], ARGV[2]) == 1 then
  redis.call('PEXPIRE', KEYS[1], ARGV[3])
  return 1
end
return 0`;

/** A slot's entry in Redis and the timer that keeps it alive; it outlives a holder when handed on. */
interface Lease {
  token: string;
  /** The limit the slot was granted under: it may go only to a caller whose limit is as high. */
  limit: number;
  renew: NodeJS.Timeout;
  /** Redis no longer has the slot: it must not be handed on. */
  lost: boolean;
}

interface Waiter {
  limit: number;
  /** Resumes the caller with a lease handed to it, or with null to try Redis again. */
  resume: (lease: Lease | null) => void;
}

export type SemaphoreRelease = () => Promise<void>;

/** The channel on which slots given back to Redis are announced (one for every key, namespaced). */
export const semaphoreReleaseChannel = (redis: RedisClient) => `${redis.options.keyPrefix ?? ""}semaphore-released`;

export class RedisSemaphore {
  private readonly waiters = new Map<string, Waiter[]>();
  /** Tells this instance's own announcements apart from other processes'. */
  private readonly id = randomUUID();
  private readonly channel: string | undefined;
  /**
   * Per key, announcements no waiter here was woken by (`heard`, a count) and how many callers may still
   * act on them (`credits`): a caller whose try at Redis was already on its way when a slot was
   * announced may have been refused just before the slot came free; it tries again at once instead of
   * sleeping a whole poll interval while the slot stays free.
   */
  private readonly unheard = new Map<string, { heard: number; credits: number }>();

  /**
   * `subscriber`: a pub/sub connection (it may carry other channels) on which this instance hears of
   * slots other processes give back to Redis; without it, waiters find those by polling every `pollMs`.
   */
  constructor(
    private readonly redis: RedisClient,
    private readonly leaseMs = 30_000,
    private readonly pollMs = 100,
    subscriber?: RedisSubscriber,
  ) {
    if (!subscriber) return;
    const channel = semaphoreReleaseChannel(redis);
    this.channel = channel;
    subscriber.on("message", (from, message) => {
      if (from !== channel) return;
      const space = message.indexOf(" ");
      if (message.slice(0, space) === this.id) return; // our own: the releasing caller woke a waiter here already
      // a slot is free in Redis: one waiter here tries for it now (one per process, so the retries stay few)
      const redisKey = message.slice(space + 1);
      const waiter = this.takeWaiter(redisKey, 0);
      if (waiter) return waiter.resume(null);
      // keys this process never waits for are heard of too: a bound, as losing credits costs only a poll
      if (this.unheard.size >= 1_000 && !this.unheard.has(redisKey)) this.unheard.clear();
      const unheard = this.unheard.get(redisKey) ?? { heard: 0, credits: 0 };
      unheard.heard++;
      unheard.credits = Math.min(unheard.credits + 1, 4);
      this.unheard.set(redisKey, unheard);
    });
    // until the subscription is in place (or while it reconnects) waiters poll, as without one
    subscriber.subscribe(channel).catch(() => undefined);
  }

  /** Waits for a slot under `key`; resolves with the release function. */
  async acquire(key: string, limit: number): Promise<SemaphoreRelease> {
    const redisKey = `semaphore:${key}`;
    for (;;) {
      const heardBefore = this.unheard.get(redisKey)?.heard;
      const lease = await this.tryRedis(redisKey, limit);
      if (lease) return this.holding(redisKey, lease);
      if (this.missedAnnouncement(redisKey, heardBefore)) continue;
      const handed = await this.wait(redisKey, limit);
      if (handed) return this.holding(redisKey, handed);
    }
  }

  /** Whether a slot was announced while this caller's try was on its way, and the caller may act on it. */
  private missedAnnouncement(redisKey: string, heardBefore: number | undefined): boolean {
    const unheard = this.unheard.get(redisKey);
    if (!unheard || unheard.heard === heardBefore) return false;
    if (--unheard.credits <= 0) this.unheard.delete(redisKey);
    return true;
  }

  private async tryRedis(redisKey: string, limit: number): Promise<Lease | null> {
    const token = randomUUID();
    const now = Date.now();
    const granted = await this.redis.eval(acquireScript, 1, redisKey, now, limit, now + this.leaseMs, token, this.leaseMs);
    if (granted !== 1) return null;
    const lease: Lease = { token, limit, lost: false, renew: undefined as unknown as NodeJS.Timeout };
    lease.renew = setInterval(() => {
      this.redis
        .eval(renewScript, 1, redisKey, Date.now() + this.leaseMs, token, this.leaseMs)
        .then((renewed) => {
          if (renewed !== 1) lease.lost = true;
        })
        .catch(() => undefined); // Redis unreachable: the next renewal tries again, within the lease
    }, this.leaseMs / 3);
    lease.renew.unref();
    return lease;
  }

  /** Resolves with a lease a local holder handed over, or null when it is time to poll Redis again. */
  private wait(redisKey: string, limit: number): Promise<Lease | null> {
    return new Promise((resolve) => {
      const queue = this.waiters.get(redisKey) ?? [];
      this.waiters.set(redisKey, queue);
      const waiter: Waiter = {
        limit,
        resume: (lease) => {
          clearTimeout(timer);
          resolve(lease);
        },
      };
      const timer = setTimeout(
        () => {
          this.remove(redisKey, waiter);
          resolve(null);
        },
        this.pollMs + Math.random() * this.pollMs,
      );
      queue.push(waiter);
    });
  }

  private remove(redisKey: string, waiter: Waiter) {
    const queue = this.waiters.get(redisKey);
    if (!queue) return;
    const index = queue.indexOf(waiter);
    if (index >= 0) queue.splice(index, 1);
    if (!queue.length) this.waiters.delete(redisKey);
  }

  /** The first waiter a slot granted under `limit` may go to (its own limit is at least as high). */
  private takeWaiter(redisKey: string, limit: number): Waiter | undefined {
    const waiter = this.waiters.get(redisKey)?.find((candidate) => candidate.limit >= limit);
    if (waiter) this.remove(redisKey, waiter);
    return waiter;
  }

  private holding(redisKey: string, lease: Lease): SemaphoreRelease {
    let released = false;
    return async () => {
      if (released) return;
      released = true;
      const next = lease.lost ? undefined : this.takeWaiter(redisKey, lease.limit);
      if (next) return next.resume(lease);
      clearInterval(lease.renew);
      if (this.channel) await this.redis.eval(releaseScript, 1, redisKey, lease.token, this.channel, `${this.id} ${redisKey}`);
      else await this.redis.zrem(redisKey, lease.token);
      // a caller that began waiting while the slot was being returned tries Redis at once
      this.takeWaiter(redisKey, 0)?.resume(null);
    };
  }
}
