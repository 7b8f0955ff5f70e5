import { describe, expect, it } from "vitest";
import { readServerEnv } from "./env";
import { deriveKey } from "./keys";

describe("readServerEnv", () => {
  it("lists every problem in one message", () => {
    expect(() => readServerEnv({ DATABASE_URL: "not a url", SWITCHYARD_SECRET: "short" })).toThrow(
      /DATABASE_URL: DATABASE_URL must be a postgres:\/\/ URL\n {2}SWITCHYARD_SECRET: SWITCHYARD_SECRET must be at least 32 characters/,
    );
  });

  it("fills defaults and treats empty OAuth settings as unset", () => {
    const env = readServerEnv({ DATABASE_URL: "postgresql://localhost/x", SWITCHYARD_SECRET: "x".repeat(32), GITHUB_ID: " " });
    expect(env.REDIS_URL).toBe("redis://127.0.0.1:6379");
    expect(env.GITHUB_ID).toBeUndefined();
    expect(env.TRUST_PROXY).toBe(0);
  });

  it("reads TRUST_PROXY as a number of proxies, true being one", () => {
    const base = { DATABASE_URL: "postgresql://localhost/x", SWITCHYARD_SECRET: "x".repeat(32) };
    const hops = (TRUST_PROXY: string) => readServerEnv({ ...base, TRUST_PROXY }).TRUST_PROXY;
    expect([hops(""), hops("false"), hops("0"), hops("TRUE"), hops("1"), hops(" 2 ")]).toEqual([0, 0, 0, 1, 1, 2]);
    expect(() => hops("yes")).toThrow(/TRUST_PROXY must be true, false or the number of proxies/);
    expect(() => hops("10.0.0.0/8")).toThrow(/TRUST_PROXY/);
  });

  it("reads REDIS_CLUSTER_NODES as host:port pairs, empty meaning one Redis", () => {
    const base = { DATABASE_URL: "postgresql://localhost/x", SWITCHYARD_SECRET: "x".repeat(32) };
    expect(readServerEnv(base).REDIS_CLUSTER_NODES).toEqual([]);
    expect(readServerEnv({ ...base, REDIS_CLUSTER_NODES: "a:7000,b.internal:7001" }).REDIS_CLUSTER_NODES).toEqual([
      { host: "a", port: 7000 },
      { host: "b.internal", port: 7001 },
    ]);
    expect(() => readServerEnv({ ...base, REDIS_CLUSTER_NODES: "redis://a:7000" })).toThrow(/REDIS_CLUSTER_NODES must be host:port pairs/);
  });
});

describe("deriveKey", () => {
  it("gives independent keys per purpose", () => {
    const secret = "s".repeat(40);
    expect(deriveKey(secret, "session-signing")).not.toEqual(deriveKey(secret, "credentials-encryption"));
    expect(deriveKey(secret, "session-signing")).toEqual(deriveKey(secret, "session-signing"));
  });
});
