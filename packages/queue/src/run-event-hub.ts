// One Redis subscription per web process, fanned out to every open run stream in that process.
// A subscriber gets the run's past events (replayed from the stream, or from the archive once a
// finished run's stream has expired) followed by live ones, with no gap and no duplicate, however
// late it arrives.
import type { RunEvent } from "@switchyard/engine";
import type { RedisClient, RedisSubscriber } from "./redis";
import { compareEventIds, readRunEvents, runEventsChannel, type StoredRunEvent } from "./run-events";

type Listener = (stored: StoredRunEvent) => void;

/** A finished run's events from durable storage; null while the run has not finished. */
export type ArchivedRunEvents = (runId: string) => Promise<StoredRunEvent[] | null>;

export class RunEventHub {
  private readonly listeners = new Map<string, Set<Listener>>();
  private readonly lostHandlers = new Set<() => void>();
  private ready: Promise<unknown> | undefined;

  constructor(
    private readonly redis: RedisClient,
    private readonly subscriber: RedisSubscriber,
    private readonly archived?: ArchivedRunEvents,
    /** A subscription that has heard nothing for this long asks the archive whether its run finished. */
    private readonly quietCheckMs = 5_000,
  ) {}

  private start(): Promise<unknown> {
    this.ready ??= (async () => {
      const channel = runEventsChannel(this.redis);
      this.subscriber.on("message", (incoming: string, message: string) => {
        if (incoming !== channel) return;
        // "<run id>\n<id>\n<json>", then "\n<id>\n<json>" for each further event of the same append
        const firstBreak = message.indexOf("\n");
        const listeners = this.listeners.get(message.slice(0, firstBreak));
        if (!listeners) return; // somebody else's run: not even parsed
        for (let at = firstBreak + 1; at < message.length;) {
          const idEnd = message.indexOf("\n", at);
          const jsonEnd = message.indexOf("\n", idEnd + 1);
          const end = jsonEnd < 0 ? message.length : jsonEnd;
          const stored = { id: message.slice(at, idEnd), event: JSON.parse(message.slice(idEnd + 1, end)) as RunEvent };
          for (const listener of listeners) listener(stored);
          at = end + 1;
        }
      });
      // Events published while the connection is down never arrive: tell every open subscription
      // rather than leave it waiting for a finish it will not see.
      this.subscriber.on("close", () => {
        for (const lost of [...this.lostHandlers]) lost();
      });
      await this.subscriber.subscribe(channel);
    })().catch((error: unknown) => {
      this.ready = undefined;
      throw error;
    });
    return this.ready;
  }

  /**
   * Calls `onEvent` for every event of the run in order. `replay: false` skips reading history, for a
   * run the caller has just created and not yet enqueued. `onLost` is called if the connection to
   * Redis drops while subscribed (events may have been missed). Returns the unsubscribe function.
   */
  async subscribe(
    runId: string,
    onEvent: (event: RunEvent, id: string) => void,
    options: { replay: boolean; afterId?: string; onLost?: () => void },
  ) {
    await this.start();
    let lastId = options.afterId ?? "0-0";
    let buffered: StoredRunEvent[] | null = options.replay ? [] : null;
    let heardAt = Date.now();
    const deliver = (stored: StoredRunEvent) => {
      heardAt = Date.now();
      if (compareEventIds(stored.id, lastId) <= 0) return;
      lastId = stored.id;
      onEvent(stored.event, stored.id);
    };
    // An event that never reached Redis (its append failed: a Redis Cluster master failing over, Redis
    // briefly unreachable from the worker) while this connection stayed up would leave the caller
    // waiting for a finish that is never published; the run's finish record has every event.
    let checking = false;
    const quietCheck = this.archived
      ? setInterval(() => {
          if (checking || Date.now() - heardAt < this.quietCheckMs) return;
          checking = true;
          this.archived!(runId)
            .then((events) => events?.forEach(deliver))
            .catch(() => undefined) // the database is down: asked again after the next quiet spell
            .finally(() => {
              checking = false;
              heardAt = Date.now();
            });
        }, this.quietCheckMs)
      : undefined;
    quietCheck?.unref();
    const listener: Listener = (stored) => (buffered ? buffered.push(stored) : deliver(stored));
    const set = this.listeners.get(runId) ?? new Set();
    set.add(listener);
    this.listeners.set(runId, set);
    const onLost = options.onLost;
    if (onLost) this.lostHandlers.add(onLost);
    const unsubscribe = () => {
      clearInterval(quietCheck);
      if (onLost) this.lostHandlers.delete(onLost);
      set.delete(listener);
      if (!set.size) this.listeners.delete(runId);
    };
    if (buffered) {
      try {
        const replayed = await readRunEvents(this.redis, runId, lastId);
        // nothing in Redis after lastId: a run not started yet (its events will come live), one with no
        // new events, or a finished run whose stream expired (the archive has them)
        const history = replayed.length || !this.archived ? replayed : ((await this.archived(runId)) ?? []);
        for (const stored of history) deliver(stored);
      } catch (error) {
        unsubscribe(); // the caller gets the error, not a subscription
        throw error;
      } finally {
        const pending: StoredRunEvent[] = buffered;
        buffered = null;
        for (const stored of pending) deliver(stored);
      }
    }
    return unsubscribe;
  }
}
