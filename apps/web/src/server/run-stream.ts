// Relays a run's events to an HTTP client, as Server-Sent Events or as one JSON answer at the end.
import type { RunEvent, RunFinishedEvent } from "@switchyard/engine";
import { runEvents } from "./services";

const encoder = new TextEncoder();

/** Turns one event into SSE text, or null to leave it out (public endpoints show less than the editor). */
export type EventEncoder = (event: RunEvent, id: string) => string | null;

const allEvents: EventEncoder = (event, id) => `id: ${id}\nevent: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`;
const HEARTBEAT_MS = 15_000;

export const sseHeaders = {
  "content-type": "text/event-stream; charset=utf-8",
  "cache-control": "no-cache, no-transform",
  connection: "keep-alive",
  "x-accel-buffering": "no",
};

/**
 * Streams the run's events as SSE until it finishes or the client leaves. `start` runs after the
 * subscription is live (for a new run: enqueue it there, so no event can be missed).
 */
export async function streamRunEvents(
  runId: string,
  options: {
    replay: boolean;
    afterId?: string;
    signal: AbortSignal;
    start?: () => Promise<void>;
    headers?: HeadersInit;
    encode?: EventEncoder;
  },
): Promise<Response> {
  let unsubscribe: (() => void) | undefined;
  let heartbeat: ReturnType<typeof setInterval> | undefined;
  const stop = () => {
    unsubscribe?.();
    clearInterval(heartbeat);
  };
  const stream = new ReadableStream<Uint8Array>({
    async start(controller) {
      let closed = false;
      const close = () => {
        if (closed) return;
        closed = true;
        stop();
        controller.close();
      };
      options.signal.addEventListener("abort", close, { once: true });
      controller.enqueue(encoder.encode(`: run ${runId}\n\n`));
      unsubscribe = await runEvents().subscribe(
        runId,
        (event, id) => {
          if (closed) return;
          const text = (options.encode ?? allEvents)(event, id);
          if (text) controller.enqueue(encoder.encode(text));
          if (event.type === "run.finished") close();
        },
        { replay: options.replay, afterId: options.afterId },
      );
      heartbeat = setInterval(() => !closed && controller.enqueue(encoder.encode(": keep-alive\n\n")), HEARTBEAT_MS);
      await options.start?.();
    },
    cancel: stop,
  });
  return new Response(stream, { headers: { ...sseHeaders, ...options.headers } });
}

/** Waits for the run to finish and returns its final event (for clients that do not stream). */
export async function waitForRun(
  runId: string,
  options: { replay: boolean; signal: AbortSignal; start?: () => Promise<void>; timeoutMs?: number },
): Promise<RunFinishedEvent> {
  return new Promise((resolve, reject) => {
    let unsubscribe: (() => void) | undefined;
    const timer = setTimeout(() => finish(new Error("The run did not finish in time")), options.timeoutMs ?? 600_000);
    const finish = (outcome: RunFinishedEvent | Error) => {
      clearTimeout(timer);
      unsubscribe?.();
      if (outcome instanceof Error) reject(outcome);
      else resolve(outcome);
    };
    options.signal.addEventListener("abort", () => finish(new Error("The client went away")), { once: true });
    runEvents()
      .subscribe(runId, (event: RunEvent) => event.type === "run.finished" && finish(event), { replay: options.replay })
      .then(async (stop) => {
        unsubscribe = stop;
        await options.start?.();
      })
      .catch(finish);
  });
}
