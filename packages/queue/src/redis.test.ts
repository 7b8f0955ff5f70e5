import net from "node:net";
import { afterEach, describe, expect, it, vi } from "vitest";
import { bullPrefix, createBullConnection, createRedis, isRedisUnavailable, redisClusterNodes } from "./redis";

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
