// The per-provider semaphore on a real Redis: two instances stand for two worker processes, each with
// its own connection. The limit holds across them, a slot handed to a local waiter keeps the count in
// Redis unchanged, and a crashed holder's slot frees itself when its lease runs out.
import { randomBytes } from "node:crypto";
import { createRedis, createSubscriber, RedisSemaphore, type RedisSubscriber } from "@switchyard/queue";
import type { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const uniqueKey = () => `test:${randomBytes(4).toString("hex")}`;

let connections: Redis[] = [];
let subscribers: RedisSubscriber[] = [];
beforeAll(() => {
  connections = [createRedis(process.env.REDIS_URL!), createRedis(process.env.REDIS_URL!)];
  subscribers = [createSubscriber(process.env.REDIS_URL!), createSubscriber(process.env.REDIS_URL!)];
});
afterAll(async () => {
  await Promise.all([...connections, ...subscribers].map((connection) => connection.quit()));
});

/** Resolves once a message on the semaphore's channel has gone round (the subscription is in place). */
/** `callers` callers, dealt in turn to the semaphores, each holding a slot of `key` for 5–15 ms. */
async function contend(semaphores: RedisSemaphore[], key: string, limit: number, callers: number) {
  let holding = 0;
  let peak = 0;
  let served = 0;
  const work = async (semaphore: RedisSemaphore) => {
    const release = await semaphore.acquire(key, limit);
    holding++;
    peak = Math.max(peak, holding);
    await sleep(5 + Math.random() * 10);
    holding--;
    served++;
    await release();
  };
  await Promise.all(Array.from({ length: callers }, (_, index) => work(semaphores[index % semaphores.length]!)));
  return { served, peak };
}

async function subscribed(subscriber: RedisSubscriber, publisher: Redis) {
  const channel = `${publisher.options.keyPrefix ?? ""}semaphore-released`;
  let heard = false;
  subscriber.on("message", (from) => void (from === channel && (heard = true)));
  while (!heard) {
    await publisher.publish(channel, "probe test:none");
    await sleep(10);
  }
}

describe("RedisSemaphore", () => {
  it("never lets more than the limit hold a key across processes, and serves every waiter", async () => {
    const key = uniqueKey();
    const processes = connections.map((connection) => new RedisSemaphore(connection, 30_000, 20));
    const { served, peak } = await contend(processes, key, 3, 40);
    expect(served).toBe(40);
    expect(peak).toBe(3);
    // every slot went back: the key is empty once all holders released
    expect(await connections[0]!.zcard(`semaphore:${key}`)).toBe(0);
  });

  it("hands a released slot to a waiter in the same process without changing the count in Redis", async () => {
    const key = uniqueKey();
    const semaphore = new RedisSemaphore(connections[0]!, 30_000, 10_000); // polling too slow to matter
    const first = await semaphore.acquire(key, 1);
    const [before] = await connections[0]!.zrange(`semaphore:${key}`, "0", "-1");
    let secondHolds = false;
    const second = semaphore.acquire(key, 1).then((release) => {
      secondHolds = true;
      return release;
    });
    await sleep(20);
    expect(secondHolds).toBe(false);
    await first();
    const releaseSecond = await second;
    expect(await connections[0]!.zrange(`semaphore:${key}`, "0", "-1")).toEqual([before]);
    // another process still finds the key full while the handed slot is held
    const elsewhere = new RedisSemaphore(connections[1]!, 30_000, 10);
    const third = elsewhere.acquire(key, 1);
    await sleep(60);
    expect(await connections[0]!.zcard(`semaphore:${key}`)).toBe(1);
    await releaseSecond();
    await (
      await third
    )();
    expect(await connections[0]!.zcard(`semaphore:${key}`)).toBe(0);
  });

  it("frees a slot whose holder stopped renewing once its lease runs out", async () => {
    const key = uniqueKey();
    const doomed = createRedis(process.env.REDIS_URL!);
    await new RedisSemaphore(doomed, 300, 20).acquire(key, 1);
    doomed.disconnect(); // the holder's process dies: its lease is no longer renewed
    const survivor = new RedisSemaphore(connections[1]!, 30_000, 20);
    const began = Date.now();
    const release = await survivor.acquire(key, 1);
    const waited = Date.now() - began;
    expect(waited).toBeGreaterThan(150);
    expect(waited).toBeLessThan(1_500);
    await release();
  });

  it("keeps the key alive while slots are only handed on, so the limit outlasts the lease", async () => {
    const key = uniqueKey();
    const busy = new RedisSemaphore(connections[0]!, 300, 10_000); // renewals every 100 ms
    const releases = [await busy.acquire(key, 2), await busy.acquire(key, 2)];
    // for three leases' time the two slots pass from caller to caller here, never granted anew by Redis
    const began = Date.now();
    while (Date.now() - began < 900) {
      const next = busy.acquire(key, 2);
      await sleep(20);
      await releases.shift()!();
      releases.push(await next);
    }
    expect(await connections[0]!.zcard(`semaphore:${key}`)).toBe(2);
    const elsewhere = new RedisSemaphore(connections[1]!, 300, 10);
    let got = false;
    const third = elsewhere.acquire(key, 2).then((release) => {
      got = true;
      return release;
    });
    await sleep(100);
    expect(got).toBe(false); // still full: the key did not expire under the handed-on slots
    for (const release of releases) await release();
    await (
      await third
    )();
  });

  it("hands a slot only to a caller whose limit is as high as the one it was granted under", async () => {
    const key = uniqueKey();
    const semaphore = new RedisSemaphore(connections[0]!, 30_000, 30);
    const wide = await Promise.all(Array.from({ length: 3 }, () => semaphore.acquire(key, 3)));
    // a caller allowing only 1 at a time must not get a slot while 3 are held under the wider limit
    let narrowHolds = false;
    const narrow = semaphore.acquire(key, 1).then((release) => {
      narrowHolds = true;
      return release;
    });
    await sleep(20); // it is waiting here when the first wide slot is released
    await wide[0]!();
    await sleep(80);
    expect(narrowHolds).toBe(false);
    await wide[1]!();
    await wide[2]!();
    await (
      await narrow
    )();
    expect(await connections[0]!.zcard(`semaphore:${key}`)).toBe(0);
  });

  it("wakes a waiter in another process as soon as a slot goes back to Redis, without waiting for its poll", async () => {
    const key = uniqueKey();
    const holder = new RedisSemaphore(connections[0]!, 30_000, 10_000, subscribers[0]);
    const waiter = new RedisSemaphore(connections[1]!, 30_000, 10_000, subscribers[1]); // polls every 10–20 s
    await subscribed(subscribers[1]!, connections[1]!);
    const held = await Promise.all([holder.acquire(key, 2), holder.acquire(key, 2)]);
    const waiting = [waiter.acquire(key, 2), waiter.acquire(key, 2)];
    await sleep(50); // both have tried Redis once and wait
    const handed = [];
    for (const release of held) {
      const began = Date.now();
      await release();
      const next = await Promise.race(waiting.map((acquired, index) => acquired.then((release) => ({ release, index }))));
      expect(Date.now() - began).toBeLessThan(500);
      waiting.splice(next.index, 1);
      handed.push(next.release);
    }
    expect(await connections[0]!.zcard(`semaphore:${key}`)).toBe(2);
    for (const release of handed) await release();
    expect(await connections[0]!.zcard(`semaphore:${key}`)).toBe(0);
  });

  it("keeps to the limit across processes woken by announcements, and serves every waiter promptly", async () => {
    const key = uniqueKey();
    // three processes, polling too slowly to matter: a waiter is served by a hand-over or an announcement
    const processes = [0, 1, 0].map((index) => new RedisSemaphore(connections[index]!, 30_000, 10_000, subscribers[index]));
    for (const [index, subscriber] of subscribers.entries()) await subscribed(subscriber, connections[index]!);
    const began = Date.now();
    const { served, peak } = await contend(processes, key, 4, 90);
    expect(served).toBe(90);
    expect(peak).toBe(4);
    // 90 × ~10 ms of work 4 at a time is ~0.25 s; a waiter left to its 10 s poll would show here
    expect(Date.now() - began).toBeLessThan(5_000);
    expect(await connections[0]!.zcard(`semaphore:${key}`)).toBe(0);
  });
});
