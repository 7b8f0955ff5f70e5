import net from "node:net";
import { describe, expect, it } from "vitest";
import { createBullConnection, createRedis, isRedisUnavailable } from "./redis";

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
