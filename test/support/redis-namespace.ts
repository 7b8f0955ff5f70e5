// Each test or benchmark run works in its own Redis key namespace; this removes it afterwards, so
// queues, streams and counters do not pile up in a shared Redis.
import { Redis } from "ioredis";

export async function dropRedisNamespace(url: string, prefix: string): Promise<number> {
  if (!prefix) throw new Error("refusing to drop the unprefixed Redis namespace");
  const redis = new Redis(url, { maxRetriesPerRequest: 1 });
  let removed = 0;
  try {
    let cursor = "0";
    do {
      const [next, keys] = await redis.scan(cursor, "MATCH", `${prefix}*`, "COUNT", 1000);
      cursor = next;
      if (keys.length) removed += await redis.unlink(...keys);
    } while (cursor !== "0");
  } finally {
    redis.disconnect();
  }
  return removed;
}
