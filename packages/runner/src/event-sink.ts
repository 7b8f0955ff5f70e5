// Sends a run's events to its Redis stream. Events emitted within the same turn of the event loop go
// in one append (one round trip, one socket write): a node finishing and the next one starting, or
// the dozens of tokens a fast model delivers in one network read, would otherwise cost a write each,
// more than the model call itself. Tokens of the same node in a batch merge into one event. Nothing
// waits longer than one turn, and order is kept.
import type { RunEvent } from "@switchyard/engine";
import { appendRunEvents } from "@switchyard/queue";
import type { Redis } from "ioredis";

export function createEventSink(redis: Redis, runId: string) {
  let batch: RunEvent[] = [];
  let sent: Promise<unknown> | null = null;

  const flush = () => {
    const events = batch;
    batch = [];
    sent = null;
    return appendRunEvents(redis, runId, events).catch((error: unknown) => {
      console.error(`run ${runId}: could not publish ${events.length} event(s):`, (error as Error).message);
    });
  };

  /** Resolves once the event's batch is in Redis (or failed to get there, which is logged). */
  return (event: RunEvent): Promise<unknown> => {
    const last = batch.at(-1);
    if (event.type === "token" && last?.type === "token" && last.nodeId === event.nodeId)
      batch[batch.length - 1] = { ...last, text: last.text + event.text };
    else batch.push(event);
    sent ??= new Promise((resolve) => setImmediate(() => resolve(flush())));
    return sent;
  };
}
