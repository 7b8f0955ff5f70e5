// Run events travel through Redis: each run has a capped stream (so a late subscriber can replay
// everything) and every append is also published on one channel (so live subscribers get it without
// polling). Appending is one atomic script: one round trip per event, pipelined by the client.
import type { RunEvent } from "@switchyard/engine";
import type { Redis } from "ioredis";

export const RUN_EVENTS_TTL_MS = 60 * 60 * 1000;
const MAX_EVENTS_PER_RUN = 20_000;

export const runEventsKey = (runId: string) => `run:${runId}:events`;
/** Channels are not keys, so ioredis does not prefix them; the connection's namespace is added here. */
export const runEventsChannel = (redis: Redis) => `${redis.options.keyPrefix ?? ""}run-events`;

const appendScript = `
local id = redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[3], '*', 'e', ARGV[1])
redis.call('PEXPIRE', KEYS[1], ARGV[4])
redis.call('PUBLISH', ARGV[2], ARGV[5] .. '\\n' .. id .. '\\n' .. ARGV[1])
return id`;

type RedisWithAppend = Redis & {
  appendRunEvent(key: string, event: string, channel: string, maxLength: number, ttlMs: number, runId: string): Promise<string>;
};

function withAppend(redis: Redis): RedisWithAppend {
  const candidate = redis as RedisWithAppend;
  if (typeof candidate.appendRunEvent !== "function") redis.defineCommand("appendRunEvent", { numberOfKeys: 1, lua: appendScript });
  return candidate;
}

/** Appends an event; the returned promise settles once Redis has it (callers may not wait). */
export function appendRunEvent(redis: Redis, runId: string, event: RunEvent): Promise<string> {
  return withAppend(redis).appendRunEvent(
    runEventsKey(runId),
    JSON.stringify(event),
    runEventsChannel(redis),
    MAX_EVENTS_PER_RUN,
    RUN_EVENTS_TTL_MS,
    runId,
  );
}

export interface StoredRunEvent {
  id: string;
  event: RunEvent;
}

export async function readRunEvents(redis: Redis, runId: string, afterId = "0-0"): Promise<StoredRunEvent[]> {
  const entries = await redis.xrange(runEventsKey(runId), afterId === "0-0" ? "-" : `(${afterId}`, "+");
  return entries.map(([id, fields]) => ({ id, event: JSON.parse(fields[1]!) as RunEvent }));
}

/** Stream ids are "<ms>-<seq>"; compares them in order. */
export function compareEventIds(a: string, b: string): number {
  const [aMs, aSeq] = a.split("-").map(Number) as [number, number];
  const [bMs, bSeq] = b.split("-").map(Number) as [number, number];
  return aMs - bMs || aSeq - bSeq;
}
