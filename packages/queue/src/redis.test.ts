import { randomUUID } from "node:crypto";
import net from "node:net";
import { afterEach, describe, expect, it, vi } from "vitest";
import { consumeRateLimits } from "./rate-limit";
import { bullPrefix, createBullConnection, createRedis, isRedisUnavailable, redisClusterNodes } from "./redis";
import { appendRunEvents, readRunEvents } from "./run-events";

async function closedPort(): Promise<number> {
  const server = net.createServer().listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe("request connections while Redis is down", () => {
  it.each([
    ["a request client", (url: string) => createRedis(url)],
    ["a queue producer", (url: string) => createBullConnection(url, { producer: true })],
  ])("%s fails fast with an error recognised as unavailability", async (_, connect) => {
    const redis = connect(`redis://127.0.0.1:${await closedPort()}`);
    redis.on("error", () => undefined);
    const began = Date.now();
    const error = await redis.get("key").catch((caught: unknown) => caught);
    redis.disconnect();
    expect(Date.now() - began).toBeLessThan(3_000);
    expect(isRedisUnavailable(error)).toBe(true);
  });

  it("does not call a command error unavailability", () => {
    expect(isRedisUnavailable(new Error("WRONGTYPE Operation against a key holding the wrong kind of value"))).toBe(false);
  });
});

describe("an auto-pipelined client", () => {
  afterEach(() => vi.unstubAllEnvs());

  // A fresh web process takes its first requests together: a plain command and our scripts' first
  // calls then share one auto-pipeline. A script defined on first use was missing from it.
  it("answers our scripts' first calls made in the same turn as other commands", async () => {
    vi.stubEnv("REDIS_KEY_PREFIX", `test:pipelined:${randomUUID()}:`);
    const redis = createRedis("redis://127.0.0.1:6379", { autoPipelining: true });
    try {
      const runId = randomUUID();
      const [missing, limits, ids] = await Promise.all([
        redis.get("nothing-here"),
        consumeRateLimits(redis, [{ key: "first", limit: 5 }], 60_000),
        appendRunEvents(redis, runId, [{ type: "run.started", runId, at: 1 }]),
      ]);
      expect(missing).toBeNull();
      expect(limits).toEqual([{ allowed: true, remaining: 4, retryAfterSeconds: 60 }]);
      expect(ids).toHaveLength(1);
      expect(await readRunEvents(redis, runId, "0-0")).toHaveLength(1);
      // and the client still answers afterwards
      expect(await redis.ping()).toBe("PONG");
      await redis.del(`run:${runId}:events`, "ratelimit:first");
    } finally {
      redis.disconnect();
    }
  });
});

describe("on a Redis Cluster", () => {
  afterEach(() => vi.unstubAllEnvs());

  it("is configured by REDIS_CLUSTER_NODES, and BullMQ's prefix becomes a hash tag holding the namespace", () => {
    vi.stubEnv("REDIS_KEY_PREFIX", "sy:");
    vi.stubEnv("REDIS_CLUSTER_NODES", "");
    expect(redisClusterNodes()).toBeNull();
    expect(bullPrefix()).toBe("sy:bull");
    vi.stubEnv("REDIS_CLUSTER_NODES", "10.0.0.1:7000, redis-2.internal:7001");
    expect(redisClusterNodes()).toEqual([
      { host: "10.0.0.1", port: 7000 },
      { host: "redis-2.internal", port: 7001 },
    ]);
    expect(bullPrefix()).toBe("sy:{sy:bull}");
    vi.stubEnv("REDIS_CLUSTER_NODES", "10.0.0.1");
    expect(() => redisClusterNodes()).toThrow(/host:port pairs/);
  });

  it.each([
    "CLUSTERDOWN The cluster is down",
    "TRYAGAIN Multiple keys request during rehashing of slot",
    "Too many Cluster redirections. Last error: Error: Connection is closed.",
    "Cluster isn't ready and enableOfflineQueue options is false",
    "Failed to refresh slots cache.",
  ])("calls %j unavailability", (message) => {
    expect(isRedisUnavailable(new Error(message))).toBe(true);
  });

  it("does not call a cross-slot mistake unavailability", () => {
    expect(isRedisUnavailable(new Error("CROSSSLOT Keys in request don't hash to the same slot"))).toBe(false);
  });
});
