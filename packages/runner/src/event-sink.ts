// Sends a run's events to its Redis stream. Tokens that arrive within the same turn of the event
// loop are merged into one event per node: a fast model can deliver dozens of tokens in one network
// read, and one append each would cost more than the model call. Nothing waits longer than one turn,
// and any other event first flushes the tokens before it, so order is kept.
import type { RunEvent } from "@switchyard/engine";
import { appendRunEvent } from "@switchyard/queue";
import type { Redis } from "ioredis";

export function createEventSink(redis: Redis, runId: string) {
  const pendingTokens = new Map<string, string>();
  let scheduled = false;

  const send = (event: RunEvent) =>
    appendRunEvent(redis, runId, event).catch((error: unknown) => {
      console.error(`run ${runId}: could not publish an event:`, (error as Error).message);
    });

  const flush = () => {
    scheduled = false;
    for (const [nodeId, text] of pendingTokens) void send({ type: "token", nodeId, text });
    pendingTokens.clear();
  };

  return (event: RunEvent): Promise<unknown> => {
    if (event.type === "token") {
      pendingTokens.set(event.nodeId, (pendingTokens.get(event.nodeId) ?? "") + event.text);
      if (!scheduled) {
        scheduled = true;
        setImmediate(flush);
      }
      return Promise.resolve();
    }
    if (pendingTokens.size) flush();
    return send(event);
  };
}
