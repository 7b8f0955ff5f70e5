// Redis connections. Commands fail within a few seconds while Redis is down (so HTTP callers get a
// clear 503 instead of hanging), and the client reconnects by itself when it comes back.
//
// With REDIS_CLUSTER_NODES set, `connectRedis`, `createSubscriber` and `createBullConnection` talk to
// a Redis Cluster instead (docs/scaling.md). Every multi-key script and transaction of ours keeps its
// keys in one hash slot (a `{…}` hash tag in the key), and BullMQ's keys share one slot through its prefix.
import { redisClusterNodesSchema } from "@switchyard/config";
import { Cluster, Redis, type RedisOptions } from "ioredis";
import { admitBudgetCommand, settleBudgetCommand } from "./budget-gate";
import { ClusterSubscriber, type ClusterNode } from "./cluster-subscriber";
import type { LuaCommand } from "./lua-command";
import { consumeRateLimitsCommand } from "./rate-limit";
import { appendRunEventsCommand, finishRunEventsCommand, startRunEventsCommand } from "./run-events";

/** A single Redis or a Redis Cluster client: every command we use works on both. */
export type RedisClient = Redis | Cluster;

/** What a pub/sub connection offers, whether one Redis connection or a subscriber to a cluster. */
export interface RedisSubscriber {
  subscribe(...channels: string[]): Promise<unknown>;
  on(event: "message", listener: (channel: string, message: string) => void): unknown;
  /** Whenever the subscribed connection dropped: messages published meanwhile are lost. */
  on(event: "close", listener: () => void): unknown;
  on(event: "error", listener: (error: Error) => void): unknown;
  quit(): Promise<unknown>;
}

const globalForRedis = globalThis as unknown as { switchyardRedis?: RedisClient };

// REDIS_KEY_PREFIX namespaces every key, so several installations (or test runs) can share one Redis.
export const redisKeyPrefix = () => process.env.REDIS_KEY_PREFIX ?? "";

/** The seed nodes of the Redis Cluster (REDIS_CLUSTER_NODES), or null for a single Redis at REDIS_URL. */
export function redisClusterNodes(): ClusterNode[] | null {
  const nodes = redisClusterNodesSchema.parse(process.env.REDIS_CLUSTER_NODES);
  return nodes.length ? nodes : null;
}

// reconnect soon after a drop, then every 2 s at most, forever: Redis coming back must be noticed
const reconnectDelay = (attempt: number) => Math.min(attempt * 100, 2_000);

const luaCommands: LuaCommand[] = [
  consumeRateLimitsCommand,
  appendRunEventsCommand,
  startRunEventsCommand,
  finishRunEventsCommand,
  admitBudgetCommand,
  settleBudgetCommand,
];

/**
 * Defines every one of our Lua commands on a new client. ioredis copies a client's commands into an
 * auto-pipeline when it opens one for the turn: a command defined later in the same turn is missing
 * from it ("pipeline[name] is not a function"), and the pipeline's replies then no longer match its
 * callbacks, which throws outside any request and leaves the client answering nothing. Defining a
 * command on first use did exactly that when a fresh web process took its first requests together.
 */
function withLuaCommands<Client extends RedisClient>(client: Client): Client {
  for (const command of luaCommands) client.defineCommand(command.name, { numberOfKeys: command.numberOfKeys, lua: command.lua });
  return client;
}

export function createRedis(url: string, options: { blocking?: boolean; autoPipelining?: boolean } = {}): Redis {
  const client = new Redis(url, {
    keyPrefix: redisKeyPrefix(),
    // commands issued in the same tick share one write: many small event appends cost one round trip
    enableAutoPipelining: options.autoPipelining ?? false,
    // blocking readers (BullMQ workers, stream tails) must wait; request paths must not
    maxRetriesPerRequest: options.blocking ? null : 1,
    commandTimeout: options.blocking ? undefined : 3_000,
    connectTimeout: 2_000,
    retryStrategy: reconnectDelay,
  });
  return withLuaCommands(client);
}

/** User, password and TLS of REDIS_URL, which every node of a cluster shares. */
function credentials(url: string): RedisOptions {
  const parsed = new URL(url);
  return {
    ...(parsed.username && { username: decodeURIComponent(parsed.username) }),
    ...(parsed.password && { password: decodeURIComponent(parsed.password) }),
    ...(parsed.protocol === "rediss:" && { tls: {} }),
  };
}

/**
 * A Redis Cluster client. `failFast` (request paths): each command gives up after 3 s, and once the
 * cluster has been reached, a cluster that cannot be reached at all refuses commands at once rather
 * than queueing them until it is back (which would hang the HTTP request). A command caught by a
 * failover is retried while the replica takes over (ioredis follows MOVED and retries CLUSTERDOWN and
 * closed connections every 100 ms, 16 times), within those 3 s.
 */
function createCluster(nodes: ClusterNode[], url: string, options: { failFast: boolean; keyPrefix?: string }) {
  const cluster = new Cluster(nodes, {
    keyPrefix: options.keyPrefix,
    clusterRetryStrategy: reconnectDelay,
    redisOptions: {
      ...credentials(url),
      connectTimeout: 2_000,
      maxRetriesPerRequest: options.failFast ? 1 : null,
      commandTimeout: options.failFast ? 3_000 : undefined,
    },
  });
  // until then commands wait for the first connection (a process starting up); afterwards, only a
  // reconnecting cluster would hold them, with no bound on how long
  if (options.failFast) cluster.once("ready", () => (cluster.options.enableOfflineQueue = false));
  return withLuaCommands(cluster);
}

/** A connection to the configured Redis: a cluster client when REDIS_CLUSTER_NODES is set, else one server at `url`. */
export function connectRedis(url: string, options: { blocking?: boolean; autoPipelining?: boolean } = {}): RedisClient {
  const nodes = redisClusterNodes();
  if (!nodes) return createRedis(url, options);
  // no auto-pipelining on a cluster: ioredis refuses an auto-pipeline whose scripts' keys sit in
  // different slots of one node (a request's rate limits, say)
  return createCluster(nodes, url, { failFast: !options.blocking, keyPrefix: redisKeyPrefix() });
}

/**
 * A pub/sub connection. On a cluster, messages published on any node reach every node, so it
 * subscribes on one node and moves to another when that one goes away, saying "close" each time.
 */
export function createSubscriber(url: string): RedisSubscriber {
  const nodes = redisClusterNodes();
  return nodes ? new ClusterSubscriber(nodes, credentials(url), reconnectDelay) : createRedis(url, { blocking: true });
}

/**
 * The process-wide client for short commands (rate limits, budget admission, event reads). Auto-pipelined:
 * the commands of every request handled in one turn of the event loop leave in one socket write.
 */
export function getRedis(): RedisClient {
  if (!globalForRedis.switchyardRedis) {
    globalForRedis.switchyardRedis = connectRedis(process.env.REDIS_URL ?? "redis://127.0.0.1:6379", { autoPipelining: true });
    globalForRedis.switchyardRedis.on("error", () => undefined); // reported per command instead
  }
  return globalForRedis.switchyardRedis;
}

/**
 * BullMQ keeps its own key prefix (it refuses ioredis prefixes); namespaced the same way. On a cluster
 * it ends in a hash tag, so the keys of every queue (which BullMQ's scripts use together) share one
 * slot; the namespace is in the tag too, so installations sharing a cluster use different slots.
 */
export function bullPrefix(): string {
  const prefix = redisKeyPrefix();
  return redisClusterNodes() ? `${prefix}{${prefix}bull}` : `${prefix}bull`;
}

/**
 * A connection for BullMQ. Workers block and must wait out an outage (BullMQ retries them itself);
 * a producer that enqueues for an HTTP request (`producer: true`) must fail fast like any request
 * command, or the request would hang until Redis came back.
 */
export function createBullConnection(url: string, options: { producer?: boolean } = {}): RedisClient {
  const nodes = redisClusterNodes();
  if (nodes) return createCluster(nodes, url, { failFast: options.producer ?? false });
  if (options.producer)
    return new Redis(url, { maxRetriesPerRequest: 1, commandTimeout: 3_000, connectTimeout: 2_000, retryStrategy: reconnectDelay });
  return new Redis(url, { maxRetriesPerRequest: null, connectTimeout: 2_000 });
}

/** Errors meaning Redis cannot be reached right now (down, restarting, failing over): worth a 503, not a 500. */
export function isRedisUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (error.name === "MaxRetriesPerRequestError" || error.name === "ClusterAllFailedError") return true;
  const code = (error as { code?: string }).code ?? "";
  if (["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE"].includes(code)) return true;
  if (/Connection is closed|Command timed out|Stream isn't writeable|enableOfflineQueue/.test(error.message)) return true;
  // a cluster failing over: a slot without a master, or redirections that ran out before it got one
  return /^(CLUSTERDOWN|TRYAGAIN|MASTERDOWN|LOADING)|Too many Cluster redirections|Cluster isn't ready|Failed to refresh slots cache|None of startup nodes is available|Cluster is ended/.test(
    error.message,
  );
}
