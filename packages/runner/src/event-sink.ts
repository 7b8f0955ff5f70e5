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
// scheduled for them), sending
// nothing to Redis until `publish()`, which sends the backlog first. A run that finishes before it was
// ever shown costs Redis nothing; its events are replayed from the finish record like any other's.
import type { RunEvent } from "@switchyard/engine";
import { appendSerializedRunEvents, type SerializedRunEvent } from "@switchyard/queue";
import type { RedisClient } from "@switchyard/queue";

export type EventSink = ((event: RunEvent) => Promise<unknown>) & {
  /** The events so far (those of this turn sent now) as `[[id, event], …]` JSON, for the finish record. */
  log(): Promise<string>;
  /** A held sink starts sending: the events kept so far, then every event as it comes. */
  publish(): Promise<unknown>;
  /** Still held: nothing has gone to Redis, so nobody can have seen the run. */
  readonly held: boolean;
};

export function createEventSink(redis: RedisClient, runId: string, options: { held?: boolean } = {}): EventSink {
  let held = options.held ?? false;
  let unsent: SerializedRunEvent[] = [];
  const clock = Date.now();
  let sequence = 0;
  const entriesLog: SerializedRunEvent[] = [];
  const inFlight = new Set<Promise<unknown>>();
  let renamed = false;
  let batch: RunEvent[] = [];
  const sentAlready = Promise.resolve();
  let scheduled: { sent: Promise<unknown>; resolve: (sent: Promise<unknown>) => void } | null = null;

  const flush = () => {
    const events = batch;
    if (!events.length) return sentAlready;
    batch = [];
    const entries = events.map((event): SerializedRunEvent => [`${clock}-${sequence++}`, JSON.stringify(event)]);
    entriesLog.push(...entries);
    if (held) {
      unsent.push(...entries);
      return Promise.resolve();
    }
    return append(
      entries,
      events.some((event) => event.type === "run.finished"),
    );
  };

  const append = (entries: SerializedRunEvent[], finished: boolean) => {
    const sent = appendSerializedRunEvents(redis, runId, entries, finished)
      .then((ids) =>
        ids.forEach((id, index) => {
          const entry = entries[index]!;
          if (id === entry[0]) return;
          entry[0] = id; // the log holds this same entry
          renamed = true;
        }),
      )
      .catch((error: unknown) => {
        console.error(`run ${runId}: could not publish ${entries.length} event(s):`, (error as Error).message);
      })
      .finally(() => inFlight.delete(sent));
    inFlight.add(sent);
    return sent;
  };

  /** Resolves once the event's batch is in Redis (or failed to get there, which is logged). */
  const emit = (event: RunEvent): Promise<unknown> => {
    const last = batch.at(-1);
    if (event.type === "token" && last?.type === "token" && last.nodeId === event.nodeId)
      batch[batch.length - 1] = { ...last, text: last.text + event.text };
    else batch.push(event);
    // a held sink has nothing to send: its batch waits for the log or for publish(), with no turn scheduled
    if (held) return sentAlready;
    if (!scheduled) {
      let resolve!: (sent: Promise<unknown>) => void;
      scheduled = { sent: new Promise((settle) => (resolve = settle)), resolve };
      setImmediate(send);
    }
    return scheduled.sent;
  };

  /** Sends this turn's batch (at the end of the turn, or at once when the finish record needs it). */
  const send = () => {
    const pending = scheduled;
    scheduled = null;
    const sent = flush();
    pending?.resolve(sent);
  };

  return Object.defineProperties(emit, {
    held: { get: () => held },
    log: { value: log },
    publish: { value: publish },
  }) as EventSink;

  async function log() {
    send();
    if (renamed) await Promise.all(inFlight);
    return `[${entriesLog.map(([id, json]) => `[${JSON.stringify(id)},${json}]`).join(",")}]`;
  }

  function publish() {
    if (!held) return Promise.resolve();
    held = false;
    send();
    const backlog = unsent;
    unsent = [];
    return backlog.length ? append(backlog, false) : Promise.resolve();
  }
}
