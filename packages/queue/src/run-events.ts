// Run events travel through Redis: each run has a capped stream (so a late subscriber can replay
// everything) and every append is also published on one channel (so live subscribers get it without
// polling). Appending is one atomic script: one round trip per event, pipelined by the client.
import type { RunEvent } from "@switchyard/engine";
import type { ChainableCommander } from "ioredis";
import { settleBudgetLua, type BudgetSettlement } from "./budget-gate";
import { withCommand, type LuaCommand } from "./lua-command";
import type { RedisClient } from "./redis";
import { runCancelledKey } from "./run-cancel";

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

/**
 * The Lua shared by both append scripts: appends the (id, event JSON) pairs from ARGV[first] on, one
 * stream entry each, publishes them as one message and renews the stream's TTL, leaving their ids in
 * `ids`. With `recordArg`, ARGV[recordArg] (when not empty) rides on the last entry as field "w".
 */
const appendEventsLua = (first: number, recordArg?: number) => `
local ids = {}
local message = { ARGV[4] }
for i = ${first}, #ARGV, 2 do
  local fields = { 'e', ARGV[i + 1] }${
    recordArg === undefined
      ? ""
      : `
  if i == #ARGV - 1 and ARGV[${recordArg}] ~= '' then fields[3] = 'w'; fields[4] = ARGV[${recordArg}] end`
  }
  local id = redis.pcall('XADD', KEYS[1], 'MAXLEN', '~', ARGV[2], ARGV[i], unpack(fields))
  if type(id) == 'table' and id.err then id = redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[2], '*', unpack(fields)) end
  message[#message + 1] = id
  message[#message + 1] = ARGV[i + 1]
  ids[#ids + 1] = id
end
redis.call('PUBLISH', ARGV[1], table.concat(message, '\\n'))
redis.call('PEXPIRE', KEYS[1], ARGV[3])`;

// ARGV: channel, max length, ttl, run id, then (id, event JSON) pairs. Each event is its own stream
// entry; the events of one append go to subscribers as one message ("<run id>\n<id>\n<json>", then
// "\n<id>\n<json>" for each further event: JSON text holds no raw newline). An id is normally the
// worker's own ("<ms>-<seq>", so it can record ids without waiting for Redis); "*", or an id Redis
// refuses (not above the stream's last one), gets an id Redis picks.
export const appendRunEventsCommand: LuaCommand = {
  name: "appendRunEvents",
  numberOfKeys: 1,
  lua: `${appendEventsLua(5)}
return ids`,
};

// A run's first append (its start), made only if the run was not cancelled before it started: the
// worker's check of the cancel flag and the announcement of the start in one round trip. KEYS: the
// stream, the run's cancel flag. ARGV as appendRunEvents'. Returns the ids, or nil (nothing appended)
// for a cancelled run.
export const startRunEventsCommand: LuaCommand = {
  name: "startRunEvents",
  numberOfKeys: 2,
  lua: `if redis.call('EXISTS', KEYS[2]) == 1 then return false end
${appendEventsLua(5)}
return ids`,
};

// A run's last append: the same as appendRunEvents, and in the same atomic step its finish record
// rides on its last entry (field "w": what the worker is about to write to PostgreSQL, so a worker that
// dies before that write lets the job's retry store it instead of running the flow again) and its
// budget is settled (no record: the run is stored already). KEYS: the stream, then the budget scopes'
// (state, holds) keys, if any. ARGV: channel, max length, ttl, run id, month, cost, finish record, then
// (id, event JSON) pairs.
export const finishRunEventsCommand: LuaCommand = {
  name: "finishRunEvents",
  lua: `${settleBudgetLua}
${appendEventsLua(8, 7)}
if #KEYS > 1 then settle(2, ARGV[4], ARGV[5], ARGV[6]) end
return ids`,
};

/** What a run's last append carries besides its events (see `finishRunEventsCommand`). */
export interface RunFinishAppend {
  /**
   * The finish record as JSON (`{ run, steps }`), kept on the run.finished entry until the record is
   * written; "" for a run stored already (its stream then expires after the grace, as with any finish).
   */
  record: string;
  /** The budget settle to make in the same step (not on a cluster: the budget keys are in another slot). */
  settlement?: BudgetSettlement;
}

type AppendArgs = [key: string, channel: string, maxLength: number, ttlMs: number, runId: string, ...idsAndEvents: string[]];
type RedisWithAppend = RedisClient & { appendRunEvents(...args: AppendArgs): Promise<string[]> };
type PipelineWithAppend = ChainableCommander & {
  appendRunEvents(...args: [...AppendArgs, (error: Error | null, ids?: string[]) => void]): ChainableCommander;
};

type FinishArgs = (string | number)[];
type RedisWithFinish = RedisClient & { finishRunEvents(...args: FinishArgs): Promise<string[]> };
type PipelineWithFinish = ChainableCommander & {
  finishRunEvents(...args: [...FinishArgs, (error: Error | null, ids?: string[]) => void]): ChainableCommander;
};

type StartArgs = [
  key: string,
  cancelKey: string,
  channel: string,
  maxLength: number,
  ttlMs: number,
  runId: string,
  ...idsAndEvents: string[],
];
type PipelineWithStart = ChainableCommander & {
  startRunEvents(...args: [...StartArgs, (error: Error | null, ids?: string[] | null) => void]): ChainableCommander;
};

const withAppend = (redis: RedisClient) => {
  withCommand(redis, finishRunEventsCommand);
  withCommand(redis, startRunEventsCommand);
  return withCommand<RedisWithAppend>(redis, appendRunEventsCommand);
};

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
  /** The run's last append, carrying its finish record (the stream then lives on until `releaseRunEvents`). */
  finish?: RunFinishAppend,
): Promise<string[]> {
  if (finish) {
    const keys = finish.settlement?.keys ?? [];
    const args: FinishArgs = [
      1 + keys.length,
      runEventsKey(runId),
      ...keys,
      runEventsChannel(redis),
      MAX_EVENTS_PER_RUN,
      finish.record ? RUN_EVENTS_TTL_MS : FINISHED_RUN_EVENTS_GRACE_MS,
      runId,
      finish.settlement?.month ?? "",
      finish.settlement?.costUsd ?? 0,
      finish.record,
      ...entries.flat(),
    ];
    if (!pipeline) return (withAppend(redis) as unknown as RedisWithFinish).finishRunEvents(...args);
    return new Promise((resolve, reject) =>
      (pipeline as PipelineWithFinish).finishRunEvents(...args, (error, ids) => (error ? reject(error) : resolve(ids!))),
    );
  }
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

/**
 * Appends a run's first events (its start) on `pipeline` (`runEventsPipeline`) unless the run was
 * cancelled before it started; true once appended, false for a cancelled run (nothing appended). Their
 * ids are the caller's own: the stream of a run not started before holds nothing to collide with.
 */
export function startSerializedRunEvents(
  redis: RedisClient,
  pipeline: ChainableCommander,
  runId: string,
  entries: SerializedRunEvent[],
): Promise<boolean> {
  const args: StartArgs = [
    runEventsKey(runId),
    runCancelledKey(runId),
    runEventsChannel(redis),
    MAX_EVENTS_PER_RUN,
    RUN_EVENTS_TTL_MS,
    runId,
    ...entries.flat(),
  ];
  return new Promise((resolve, reject) =>
    (pipeline as PipelineWithStart).startRunEvents(...args, (error, ids) => (error ? reject(error) : resolve(Boolean(ids)))),
  );
}

/**
 * A finished run's record is stored: its stream no longer needs to outlive the grace period (it was
 * kept for as long as a running run's while the record was only in Redis).
 */
export function releaseRunEvents(redis: RedisClient, runId: string): Promise<number>;
export function releaseRunEvents(pipeline: ChainableCommander, runId: string): ChainableCommander;
export function releaseRunEvents(redis: RedisClient | ChainableCommander, runId: string) {
  return redis.pexpire(runEventsKey(runId), FINISHED_RUN_EVENTS_GRACE_MS);
}

/**
 * The finish record (`RunFinishAppend.record`'s JSON) on the last entry of a run's stream, if the run
 * finished with one that is not yet known to be stored (else null).
 */
export async function readRunFinish(redis: RedisClient, runId: string): Promise<string | null> {
  const [last] = await redis.xrevrange(runEventsKey(runId), "+", "-", "COUNT", 1);
  const fields = last?.[1];
  return fields?.[2] === "w" && fields[3] !== undefined ? fields[3] : null;
}

/** Longer than a worker's finish write can take (it retries through a database outage for 30 s). */
const STORE_WAIT_MS = 35_000;

/**
 * Waits until a run announced as finished is stored, for readers that heard of its finish and read
 * it from PostgreSQL at once (docs/reliability.md, "Finish before it is stored"). `stored` reads the
 * database; the run's stream says whether the run is in that window (its last entry carries the finish
 * record until the worker has stored it). Returns at once for a run not in it.
 */
export async function awaitRunStored(redis: RedisClient, runId: string, stored: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + STORE_WAIT_MS;
  for (let pause = 2; ; pause = Math.min(pause * 2, 250)) {
    if (await stored()) return;
    // not announced, or announced and stored since the read above: what the database has is the answer
    if (!(await readRunFinish(redis, runId)) || Date.now() > deadline) return;
    await new Promise((resolve) => setTimeout(resolve, pause));
  }
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
  // by hand: the web process compares every event it relays, and split/map allocated four objects a time
  const aDash = a.indexOf("-");
  const bDash = b.indexOf("-");
  return Number(a.slice(0, aDash)) - Number(b.slice(0, bDash)) || Number(a.slice(aDash + 1)) - Number(b.slice(bDash + 1));
}
