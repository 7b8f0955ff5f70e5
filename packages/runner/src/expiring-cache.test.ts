import { describe, expect, it } from "vitest";
import { ExpiringCache } from "./expiring-cache";

describe("ExpiringCache", () => {
  it("lets callers asking for a key while it loads share that one load", async () => {
    const cache = new ExpiringCache<number>(10, 60_000);
    let loads = 0;
    const load = async () => {
      loads++;
      await new Promise((resolve) => setTimeout(resolve, 10));
      return 42;
    };
    expect(await Promise.all(Array.from({ length: 5 }, () => cache.getOrLoad("flow", load)))).toEqual([42, 42, 42, 42, 42]);
    expect(await cache.getOrLoad("flow", load)).toBe(42);
    expect(loads).toBe(1);
  });

  it("keeps no failed load: the next caller loads again", async () => {
    const cache = new ExpiringCache<number>(10, 60_000);
    let attempts = 0;
    const load = async () => {
      if (attempts++ === 0) throw new Error("database unreachable");
      return 7;
    };
    await expect(cache.getOrLoad("credential", load)).rejects.toThrow("database unreachable");
    expect(await cache.getOrLoad("credential", load)).toBe(7);
    expect(attempts).toBe(2);
  });

  it("loads again once an entry has expired, and holds at most its bound of entries", async () => {
    const cache = new ExpiringCache<string>(2, 20);
    let loads = 0;
    const load = (value: string) => () => {
      loads++;
      return value;
    };
    await cache.getOrLoad("a", load("a"));
    await new Promise((resolve) => setTimeout(resolve, 30));
    await cache.getOrLoad("a", load("a"));
    expect(loads).toBe(2);
    await cache.getOrLoad("b", load("b"));
    await cache.getOrLoad("c", load("c")); // evicts the oldest, "a"
    await cache.getOrLoad("a", load("a"));
    expect(loads).toBe(5);
  });
});
