// Each test or benchmark run works in its own Redis key namespace; this removes it afterwards, so
// queues, streams and counters do not pile up in a shared Redis.
import { Cluster, Redis } from "ioredis";
import { redisClusterNodes } from "@switchyard/queue";

async function dropFrom(redis: Redis, prefix: string, oneByOne: boolean): Promise<number> {
  let removed = 0;
  let cursor = "0";
  do {
    const [next, keys] = await redis.scan(cursor, "MATCH", `${prefix}*`, "COUNT", 1000);
    cursor = next;
    if (!keys.length) continue;
    // a cluster node refuses one UNLINK of keys in different hash slots
    if (oneByOne) removed += (await Promise.all(keys.map((key) => redis.unlink(key)))).reduce((sum, count) => sum + count, 0);
    else removed += await redis.unlink(...keys);
  } while (cursor !== "0");
  return removed;
}

export async function dropRedisNamespace(url: string, prefix: string): Promise<number> {
  if (!prefix) throw new Error("refusing to drop the unprefixed Redis namespace");
  const nodes = redisClusterNodes();
  if (nodes) {
    // on a cluster (REDIS_CLUSTER_NODES), every master holds part of the namespace
    const cluster = new Cluster(nodes, { redisOptions: { maxRetriesPerRequest: 1 } });
    try {
      await new Promise((resolve, reject) => cluster.once("ready", resolve).once("error", reject));
      const counts = await Promise.all(cluster.nodes("master").map((node) => dropFrom(node, prefix, true)));
      return counts.reduce((sum, count) => sum + count, 0);
    } finally {
      cluster.disconnect();
    }
  }
  const redis = new Redis(url, { maxRetriesPerRequest: 1 });
  try {
    return await dropFrom(redis, prefix, false);
  } finally {
    redis.disconnect();
  }
}
