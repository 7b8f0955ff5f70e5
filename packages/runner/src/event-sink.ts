// Sends a run's events to its Redis stream and keeps their log for the run's finish record. Events
// emitted within the same turn of the event loop go in one append (one round trip, one socket write):
// a node finishing and the next one starting, or the dozens of tokens a fast model delivers in one
// network read, would otherwise cost a write each, more than the model call itself. Tokens of the same
// node in a batch merge into one event. Nothing waits longer than one turn, and order is kept.
//
// The sink names the stream ids itself ("<run start ms>-<seq>"), so the log it hands to PostgreSQL
// carries the ids clients saw without waiting for Redis. Redis replaces an id only when it is not above
// the stream's last one (a run re-executed on a machine whose clock is behind the first attempt's);
// from then on the log waits for the ids Redis gave.
//
// A held sink (a run nobody can be watching yet: an eval pair's run, whose id the worker made and
// which no page lists until its start record is written) keeps its events for the log only (no turn is
// scheduled for them), sending nothing to Redis until `publish()`, which sends the backlog first. A run
// that finishes before it was ever shown costs Redis nothing; its events are replayed from the finish
// record like any other's.
//
// A quiet sink (a run started by a published endpoint, whose caller reads only the reply) sends the
// run's start at once (every attempt of a run shows its start, one a crash cut short too), then holds
// its events the same way until the first event such a caller reads (a token, the run pausing or
// finishing) or `publish()`, and sends them with that one in one append: the steps before the model's
// first token cost no append, no PUBLISH and no wake-up of the web process of their own.
//
// Every sink of a process shares one turn: the appends of all its runs in the same turn go to Redis as
// one pipeline, one socket write (a write costs more than the rest of an append on the machines we
// measure on), with no more waiting than one sink's own turn.
import type { RunEvent, RunFinishedEvent } from "@switchyard/engine";
import {
  appendSerializedRunEvents,
  isRunCancelled,
  releaseRunEvents,
  runCancelledKey,
  runEventsPipeline,
  startSerializedRunEvents,
  type RedisClient,
  type RunFinishAppend,
  type SerializedRunEvent,
} from "@switchyard/queue";
import type { ChainableCommander } from "ioredis";

type TurnSend = (pipeline: ChainableCommander | undefined) => void;
/** This turn's sends, and the pipeline they go out on at its end (none on a cluster). */
interface Turn {
  sends: TurnSend[];
  pipeline: ChainableCommander | undefined;
  /** Settles once the pipeline has been handed to the socket. */
  departed: Promise<void>;
}
const turns = new WeakMap<RedisClient, Turn>();

/** This turn's pipeline of the connection (made, and sent at the end of the turn, on first use). */
function thisTurn(redis: RedisClient): Turn {
  const due = turns.get(redis);
  if (due) return due;
  let depart!: () => void;
  const departed = new Promise<void>((resolve) => (depart = resolve));
  const turn: Turn = { sends: [], pipeline: runEventsPipeline(redis) ?? undefined, departed };
  turns.set(redis, turn);
  setImmediate(() => {
    turns.delete(redis);
    const { sends, pipeline } = turn;
    for (const each of sends) each(pipeline);
    const released = releases.get(redis);
    releases.delete(redis);
    for (const runId of released ?? []) {
      if (pipeline) releaseRunEvents(pipeline, runId);
      else releaseRunEvents(redis, runId).catch(() => undefined); // it expires within the hour anyway
    }
    // each append settles through its own callback (failures are logged per run)
    if (pipeline?.length) pipeline.exec().catch(() => undefined);
    depart();
  });
  return turn;
}

/**
 * Runs `send` at the end of this turn, with every other sink's of the same connection, in one pipeline
 * (on a cluster, each append on its own: ioredis's auto-pipelining groups them per node).
 */
function inThisTurn(redis: RedisClient, send: TurnSend) {
  thisTurn(redis).sends.push(send);
}

/** Streams whose finish record is stored, to be set to expire with the next turn's pipeline. */
const releases = new WeakMap<RedisClient, string[]>();
/** A turn is made for them if none comes sooner (their streams live on for the hour meanwhile). */
const RELEASE_MS = 100;

function releaseSoon(redis: RedisClient, runId: string) {
  const due = releases.get(redis);
  if (due) return void due.push(runId);
  releases.set(redis, [runId]);
  setTimeout(() => {
    if (releases.has(redis)) inThisTurn(redis, () => undefined);
  }, RELEASE_MS).unref();
}

/**
 * Whether the run was cancelled before it started (`isRunCancelled`), asked in this turn's pipeline:
 * the check of a job a worker takes shares a socket write with the appends of its other runs.
 */
export function isRunCancelledInThisTurn(redis: RedisClient, runId: string): Promise<boolean> {
  return new Promise((resolve, reject) =>
    inThisTurn(redis, (pipeline) => {
      if (!pipeline) return void isRunCancelled(redis, runId).then(resolve, reject);
      pipeline.exists(runCancelledKey(runId), (error, count) => (error ? reject(error) : resolve(count === 1)));
    }),
  );
}

export type EventSink = ((event: RunEvent) => Promise<unknown>) & {
  /** The events so far (those of this turn sent now) as `[[id, event], …]` JSON, for the finish record. */
  log(): Promise<string>;
  /** A held sink starts sending: the events kept so far, then every event as it comes. */
  publish(): Promise<unknown>;
  /** Still held (not quiet): nothing has gone to Redis, so nobody can have seen the run. */
  held(): boolean;
  /**
   * Announces the run's finish with its finish record and budget settle in the same append (see
   * `finishRunEventsCommand`); true once Redis has it. Not for a held sink.
   */
  finish(event: RunFinishedEvent, extra: RunFinishAppend): Promise<boolean>;
  /** The finish record is stored: the stream may expire after the usual grace (sent with a later turn's appends). */
  release(): void;
  /**
   * A quiet sink's start: announced on this turn's pipeline in the same script as the check of the
   * run's cancel flag, only if it is not set; false for a cancelled run (nothing sent). Null where it
   * cannot be (not a quiet sink, or a cluster, whose flag and stream live in different slots): the
   * caller checks the flag apart, and the start goes out as the engine emits it.
   */
  begin(event: RunEvent): Promise<boolean> | null;
};

/** What a published endpoint's caller reads: a quiet sink sends nothing before the first of these. */
const revealing = new Set<RunEvent["type"]>(["token", "run.waiting", "run.finished"]);

export function createEventSink(redis: RedisClient, runId: string, options: { held?: boolean; quiet?: boolean } = {}): EventSink {
  let held = (options.held || options.quiet) ?? false;
  let quiet = !options.held && (options.quiet ?? false);
  /** A held sink's events, not yet serialized (`publish()` serializes and sends them). */
  let heldLog: [string, RunEvent][] = [];
  /** Held events serialized, to go first in the next append. */
  let backlog: SerializedRunEvent[] = [];
  const clock = Date.now();
  let sequence = 0;
  const entriesLog: SerializedRunEvent[] = [];
  const inFlight = new Set<Promise<unknown>>();
  let renamed = false;
  let batch: RunEvent[] = [];
  const sentAlready = Promise.resolve();
  let scheduled: { sent: Promise<unknown>; resolve: (sent: Promise<unknown>) => void } | null = null;
  /** What the append carrying run.finished also carries (set by `finish`). */
  let finishing: RunFinishAppend | undefined;

  const flush = (pipeline?: ChainableCommander) => {
    const events = batch;
    if (!events.length && !backlog.length) return sentAlready;
    batch = [];
    if (held) {
      // kept as they are: most held runs finish unseen, and their log is then serialized in one go
      for (const event of events) heldLog.push([`${clock}-${sequence++}`, event]);
      return sentAlready;
    }
    const entries = events.map(entryOf);
    entriesLog.push(...entries);
    const last = events.at(-1);
    const extra = finishing && last?.type === "run.finished" ? finishing : undefined;
    if (extra) finishing = undefined;
    const sending = backlog.length ? [...backlog, ...entries] : entries;
    backlog = [];
    return append(
      sending,
      events.some((event) => event.type === "run.finished"),
      pipeline,
      extra,
    );
  };

  /** Settles true once Redis has the events, false if it failed (logged). */
  const append = (entries: SerializedRunEvent[], finished: boolean, pipeline?: ChainableCommander, extra?: RunFinishAppend) => {
    const sent: Promise<boolean> = appendSerializedRunEvents(redis, runId, entries, finished, pipeline, extra)
      .then((ids) => {
        ids.forEach((id, index) => {
          const entry = entries[index]!;
          if (id === entry[0]) return;
          entry[0] = id; // the log holds this same entry
          renamed = true;
        });
        return true;
      })
      .catch((error: unknown) => {
        console.error(`run ${runId}: could not publish ${entries.length} event(s):`, (error as Error).message);
        return false;
      })
      .finally(() => inFlight.delete(sent));
    inFlight.add(sent);
    return sent;
  };

  /** Resolves once the event's batch is in Redis (or failed to get there, which is logged). */
  const emit = (event: RunEvent): Promise<unknown> => {
    if (quiet && held) {
      if (event.type === "run.started") {
        // with this turn's appends, apart from the held batch: every attempt of a run shows its start
        const entry = entryOf(event);
        entriesLog.push(entry);
        return append([entry], false, thisTurn(redis).pipeline);
      }
      if (revealing.has(event.type)) reveal();
    }
    const last = batch.at(-1);
    if (event.type === "token" && last?.type === "token" && last.nodeId === event.nodeId)
      batch[batch.length - 1] = { ...last, text: last.text + event.text };
    else batch.push(event);
    // a held sink has nothing to send: its batch waits for the log or for publish(), with no turn scheduled
    if (held) return sentAlready;
    if (!scheduled) {
      let resolve!: (sent: Promise<unknown>) => void;
      scheduled = { sent: new Promise((settle) => (resolve = settle)), resolve };
      inThisTurn(redis, send);
    }
    return scheduled.sent;
  };

  /** Sends this turn's batch (at the end of the turn on the turn's pipeline, or at once when the finish record needs it). */
  function send(pipeline?: ChainableCommander) {
    const pending = scheduled;
    scheduled = null;
    const sent = flush(pipeline);
    pending?.resolve(sent);
  }

  /** The event with the next id of this sink's own ("<run start ms>-<seq>"), ready for the stream. */
  function entryOf(event: RunEvent): SerializedRunEvent {
    return [`${clock}-${sequence++}`, JSON.stringify(event)];
  }

  /** A quiet sink's events kept so far, serialized into the log, to go first in the next append. */
  function serializeHeld() {
    flush(); // held: this turn's batch joins the kept events
    const entries = heldLog.map(([id, event]): SerializedRunEvent => [id, JSON.stringify(event)]);
    heldLog = [];
    entriesLog.push(...entries);
    backlog.push(...entries);
  }

  /** Stops holding: the events kept so far go first in the next append. */
  function reveal() {
    serializeHeld();
    held = quiet = false;
  }

  // plain assignments: defineProperties with a getter turned every sink into a slow dictionary object
  return Object.assign(emit, { log, publish, held: () => held && !quiet, finish, release, begin });

  function begin(event: RunEvent) {
    const pipeline = quiet && held ? thisTurn(redis).pipeline : undefined;
    if (!pipeline) return null;
    const entry = entryOf(event);
    return startSerializedRunEvents(redis, pipeline, runId, [entry]).then((started) => {
      if (started) entriesLog.push(entry);
      return started;
    });
  }

  async function finish(event: RunFinishedEvent, extra: RunFinishAppend): Promise<boolean> {
    finishing = extra;
    return (await emit(event)) === true;
  }

  function release() {
    releaseSoon(redis, runId);
  }

  async function log() {
    // With this turn's pipeline (the runs finishing in one turn share a socket write), and only once it
    // has gone: the caller's finish write would otherwise hold back the last tokens until it is done.
    const turn = held ? undefined : thisTurn(redis);
    send(turn?.pipeline);
    await turn?.departed;
    // still held: nothing was ever serialized, and one call writes the same `[[id, event], …]` text
    if (held && !quiet) return JSON.stringify(heldLog);
    if (held) serializeHeld(); // a quiet sink's start is in the log already: the rest joins it
    if (renamed) await Promise.all(inFlight);
    return `[${entriesLog.map(([id, json]) => `[${JSON.stringify(id)},${json}]`).join(",")}]`;
  }

  function publish() {
    if (!held) return Promise.resolve();
    reveal();
    return flush(); // at once, with whatever this turn has emitted since
  }
}
