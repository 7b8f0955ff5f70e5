// Pool members' in-flight counts and rests on a real Redis: two instances stand for two worker
// processes, each with its own connection. Least in-flight holds across them, a crashed worker's count
// expires with its lease, and a rest is never shortened by a later, shorter one.
import { randomBytes } from "node:crypto";
import { createRedis, RedisPoolLoad } from "@switchyard/queue";
import type { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const uniquePool = () => `test-${randomBytes(4).toString("hex")}`;
const members = [
  { id: "a", weight: 1 },
  { id: "b", weight: 1 },
  { id: "c", weight: 2 },
];
const none = new Set<string>();

let connections: Redis[] = [];
beforeAll(() => {
  connections = [createRedis(process.env.REDIS_URL!), createRedis(process.env.REDIS_URL!)];
});
afterAll(async () => {
  await Promise.all(connections.map((connection) => connection.quit()));
});

describe("RedisPoolLoad", () => {
  it("spreads concurrent calls from two processes by in-flight count per unit of weight", async () => {
    const pool = uniquePool();
    const [one, two] = connections.map((connection) => new RedisPoolLoad(connection));
    const slots = await Promise.all(Array.from({ length: 40 }, (_, i) => (i % 2 ? one! : two!).acquire(pool, members, none, 30_000)));
    const counts = [0, 1, 2].map((index) => slots.filter((slot) => slot.index === index).length);
    expect(counts).toEqual([10, 10, 20]);
    expect(await one!.inFlight(pool, ["a", "b", "c"])).toEqual([10, 10, 20]);
    await Promise.all(slots.map((slot) => ("release" in slot ? slot.release() : undefined)));
    expect(await two!.inFlight(pool, ["a", "b", "c"])).toEqual([0, 0, 0]);
  });

  it("forgets the calls of a worker that died without releasing once their lease ends", async () => {
    const pool = uniquePool();
    const load = new RedisPoolLoad(connections[0]!);
    for (let i = 0; i < 3; i++) await load.acquire(pool, members.slice(0, 2), none, 300); // never released
    expect(await load.inFlight(pool, ["a", "b"])).toEqual([2, 1]);
    expect((await load.acquire(pool, members.slice(0, 2), none, 300)).index).toBe(1);
    await sleep(350);
    expect(await load.inFlight(pool, ["a", "b"])).toEqual([0, 0]);
    expect(await connections[0]!.pttl(`pool:{${pool}}:busy:a`)).toBe(-2); // the key itself is gone
  });

  it("passes over resting and already-tried members, says when the first rest ends, and keeps the longer rest", async () => {
    const pool = uniquePool();
    const [one, two] = connections.map((connection) => new RedisPoolLoad(connection));
    await one!.coolDown(pool, "a", 5_000);
    await two!.coolDown(pool, "a", 1_000); // shorter: does not cut the first rest short
    const slot = await two!.acquire(pool, members.slice(0, 2), none, 30_000);
    expect(slot.index).toBe(1);
    const before = Date.now();
    const noneLeft = await one!.acquire(pool, members.slice(0, 2), new Set(["b"]), 30_000);
    expect(noneLeft.index).toBe(-1);
    const until = "coolingUntil" in noneLeft ? noneLeft.coolingUntil : 0;
    expect(until - before).toBeGreaterThan(4_000);
    expect(until - before).toBeLessThanOrEqual(5_000);
    // every member skipped: nothing rests, so no time to wait for
    expect(await one!.acquire(pool, members.slice(0, 2), new Set(["a", "b"]), 30_000)).toEqual({ index: -1, coolingUntil: 0 });
    // a rest ends by itself
    await one!.coolDown(pool, "b", 200);
    await sleep(250);
    expect((await one!.acquire(pool, members.slice(1, 2), none, 30_000)).index).toBe(0);
  });
});
