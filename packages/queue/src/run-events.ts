// Run events travel through Redis: each run has a capped stream (so a late subscriber can replay
// everything) and every append is also published on one channel (so live subscribers get it without
// polling). Appending is one atomic script: one round trip per event, pipelined by the client.
import type { RunEvent } from "@switchyard/engine";
import type { ChainableCommander } from "ioredis";
import { withCommand, type LuaCommand } from "./lua-command";
import type { RedisClient } from "./redis";

/** How long a run's stream lives while the run is going (each append renews it). */
export const RUN_EVENTS_TTL_MS = 60 * 60 * 1000;
/**
 * How long a finished run's stream stays in Redis: long enough for a client that lost its connection
 * to resume with Last-Event-ID from Redis. After that its events come from PostgreSQL (the run's
 * `events` column, written with its finish), so Redis holds nothing per finished run.
 */
export const FINISHED_RUN_EVENTS_GRACE_MS = 60 * 1000;
const MAX_EVENTS_PER_RUN = 20_000;

export const runEventsKey = (runId: string) => `run:${runId}:events`;
/** Channels are not keys, so ioredis does not prefix them; the connection's namespace is added here. */
export const runEventsChannel = (redis: RedisClient) => `${redis.options.keyPrefix ?? ""}run-events`;

// ARGV: channel, max length, ttl, run id, then (id, event JSON) pairs. Each event is its own stream
// entry; the events of one append go to subscribers as one message ("<run id>\n<id>\n<json>", then
// "\n<id>\n<json>" for each further event: JSON text holds no raw newline). An id is normally the
// worker's own ("<ms>-<seq>", so it can record ids without waiting for Redis); "*", or an id Redis
// refuses (not above the stream's last one), gets an id Redis picks.
export const appendRunEventsCommand: LuaCommand = {
  name: "appendRunEvents",
  numberOfKeys: 1,
  lua: `
local ids = {}
local message = { ARGV[4] }
for i = 5, #ARGV, 2 do
  local id = redis.pcall('XADD', KEYS[1], 'MAXLEN', '~', ARGV[2], ARGV[i], 'e', ARGV[i + 1])
  if type(id) == 'table' and id.err then id = redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[2], '*', 'e', ARGV[i + 1]) end
  message[#message + 1] = id
  message[#message + 1] = ARGV[i + 1]
  ids[#ids + 1] = id
end
redis.call('PUBLISH', ARGV[1], table.concat(message, '\\n'))
redis.call('PEXPIRE', KEYS[1], ARGV[3])
return ids`,
};

type AppendArgs = [key: string, channel: string, maxLength: number, ttlMs: number, runId: string, ...idsAndEvents: string[]];
type RedisWithAppend = RedisClient & { appendRunEvents(...args: AppendArgs): Promise<string[]> };
type PipelineWithAppend = ChainableCommander & {
  appendRunEvents(...args: [...AppendArgs, (error: Error | null, ids?: string[]) => void]): ChainableCommander;
};

const withAppend = (redis: RedisClient) => withCommand<RedisWithAppend>(redis, appendRunEventsCommand);

/**
 * A pipeline that appends can share: the appends of every run a worker has going, made in the same
 * turn of the event loop, then leave in one socket write instead of one each. None on a cluster: a
 * cluster's pipeline may hold keys of one slot only, and each run's stream has its own.
 */
export const runEventsPipeline = (redis: RedisClient): ChainableCommander | null => (redis.isCluster ? null : withAppend(redis).pipeline());

/** An event ready for the stream: the id to give it ("*": Redis picks) and its JSON. */
export type SerializedRunEvent = [id: string, json: string];

/**
 * Appends serialized events in order in one round trip (a script, so no other append interleaves);
 * settles with the ids they got. `finished`: the run is over, so the stream expires after the grace.
 */
export function appendSerializedRunEvents(
  redis: RedisClient,
  runId: string,
  entries: SerializedRunEvent[],
  finished: boolean,
  /** Queue the append on this pipeline (`runEventsPipeline`) rather than send it at once. */
  pipeline?: ChainableCommander,
): Promise<string[]> {
  const args: AppendArgs = [
    runEventsKey(runId),
    runEventsChannel(redis),
    MAX_EVENTS_PER_RUN,
    finished ? FINISHED_RUN_EVENTS_GRACE_MS : RUN_EVENTS_TTL_MS,
    runId,
    ...entries.flat(),
  ];
  if (!pipeline) return withAppend(redis).appendRunEvents(...args);
  return new Promise((resolve, reject) =>
    (pipeline as PipelineWithAppend).appendRunEvents(...args, (error, ids) => (error ? reject(error) : resolve(ids!))),
  );
}

/** Appends events with ids Redis picks; see `appendSerializedRunEvents`. */
export function appendRunEvents(redis: RedisClient, runId: string, events: RunEvent[]): Promise<string[]> {
  const entries = events.map((event): SerializedRunEvent => ["*", JSON.stringify(event)]);
  return appendSerializedRunEvents(
    redis,
    runId,
    entries,
    events.some((event) => event.type === "run.finished"),
  );
}

/** Appends one event; see `appendRunEvents`. */
export async function appendRunEvent(redis: RedisClient, runId: string, event: RunEvent): Promise<string> {
  return (await appendRunEvents(redis, runId, [event]))[0]!;
}

export interface StoredRunEvent {
  id: string;
  event: RunEvent;
}

export async function readRunEvents(redis: RedisClient, runId: string, afterId = "0-0"): Promise<StoredRunEvent[]> {
  const entries = await redis.xrange(runEventsKey(runId), afterId === "0-0" ? "-" : `(${afterId}`, "+");
  return entries.map(([id, fields]) => ({ id, event: JSON.parse(fields[1]!) as RunEvent }));
}

/** Stream ids are "<ms>-<seq>"; compares them in order. */
export function compareEventIds(a: string, b: string): number {
  const [aMs, aSeq] = a.split("-").map(Number) as [number, number];
  const [bMs, bSeq] = b.split("-").map(Number) as [number, number];
  return aMs - bMs || aSeq - bSeq;
}
