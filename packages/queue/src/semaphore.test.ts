// Against the real Redis on loopback, each test under its own key prefix; two semaphores stand for
// two worker processes.
import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import { afterEach, describe, expect, it } from "vitest";
import { RedisSemaphore } from "./semaphore";

const clients: Redis[] = [];
function connect(prefix: string) {
  const redis = new Redis("redis://127.0.0.1:6379", { keyPrefix: prefix, lazyConnect: false });
  clients.push(redis);
  return redis;
}
afterEach(async () => {
  await Promise.all(clients.splice(0).map((redis) => redis.quit().catch(() => redis.disconnect())));
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("RedisSemaphore", () => {
  it("never lets more than `limit` holders in at once, across processes", async () => {
    const prefix = `test:semaphore:${randomUUID()}:`;
    const semaphores = [new RedisSemaphore(connect(prefix), 5_000, 10), new RedisSemaphore(connect(prefix), 5_000, 10)];
    let holding = 0;
    let most = 0;
    await Promise.all(
      Array.from({ length: 24 }, async (_, index) => {
        const release = await semaphores[index % 2]!.acquire("model", 3);
        holding++;
        most = Math.max(most, holding);
        await sleep(5);
        holding--;
        await release();
      }),
    );
    expect(most).toBe(3);
  });

  it("hands a released slot to a caller waiting in the same process, and leaves the count in Redis alone", async () => {
    const prefix = `test:semaphore:${randomUUID()}:`;
    const redis = connect(prefix);
    const semaphore = new RedisSemaphore(redis, 5_000, 5_000); // a long poll: only a hand-over can wake the waiter soon
    const first = await semaphore.acquire("model", 1);
    const began = Date.now();
    const second = semaphore.acquire("model", 1);
    await sleep(20);
    await first();
    await (
      await second
    )();
    expect(Date.now() - began).toBeLessThan(1_000);
    expect(await redis.zcard("semaphore:model")).toBe(0);
  });

  it("frees the slot of a holder whose process died once its lease runs out", async () => {
    const prefix = `test:semaphore:${randomUUID()}:`;
    const dying = connect(prefix);
    await new RedisSemaphore(dying, 300, 20).acquire("model", 1);
    dying.disconnect(); // its renewals stop reaching Redis, as when the process is killed
    const began = Date.now();
    const release = await new RedisSemaphore(connect(prefix), 300, 20).acquire("model", 1);
    expect(Date.now() - began).toBeGreaterThanOrEqual(200);
    expect(Date.now() - began).toBeLessThan(2_000);
    await release();
  });

  it("releasing twice gives back one slot", async () => {
    const prefix = `test:semaphore:${randomUUID()}:`;
    const redis = connect(prefix);
    const semaphore = new RedisSemaphore(redis, 5_000, 10);
    const release = await semaphore.acquire("model", 2);
    const other = await semaphore.acquire("model", 2);
    await release();
    await release();
    expect(await redis.zcard("semaphore:model")).toBe(1);
    await other();
  });
});
