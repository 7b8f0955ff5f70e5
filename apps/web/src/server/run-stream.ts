// Relays a run's events to an HTTP client, as Server-Sent Events or as one JSON answer at the end.
import type { RunEvent, RunFinishedEvent, RunWaitingEvent } from "@switchyard/engine";
import { AppError } from "@switchyard/errors";
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
 * subscription is live (for a new run: enqueue it there, so no event can be missed). Both happen
 * before the response is returned, so a failure there (Redis down) is an error status, not a
 * stream that opens and never says anything.
 */
export async function streamRunEvents(
  runId: string,
  options: {
    replay: boolean;
    afterId?: string;
    signal: AbortSignal;
    start?: () => Promise<void>;
    /** Called when subscribing fails, so `start` never runs (gives back the run's budget hold). */
    abandon?: () => Promise<void>;
    headers?: HeadersInit;
    encode?: EventEncoder;
    /** Sent before the stream ends because the connection to the run's events dropped. */
    lost?: string;
    /** End the stream when the run pauses for approval (public callers get a "waiting" answer, not a hang). */
    untilWaiting?: boolean;
  },
): Promise<Response> {
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  let unsubscribe: (() => void) | undefined;
  let closed = false;
  const stop = () => {
    closed = true;
    unsubscribe?.();
    clearInterval(heartbeat);
  };
  const close = () => {
    if (closed) return;
    stop();
    controller.close();
  };
  const stream = new ReadableStream<Uint8Array>({ start: (created) => void (controller = created), cancel: stop });
  const send = (text: string) => !closed && controller.enqueue(encoder.encode(text));
  const heartbeat = setInterval(() => send(": keep-alive\n\n"), HEARTBEAT_MS);
  send(`: run ${runId}\n\n`);
  let starting = false;
  try {
    unsubscribe = await runEvents().subscribe(
      runId,
      (event, id) => {
        const text = (options.encode ?? allEvents)(event, id);
        if (text) send(text);
        if (event.type === "run.finished" || (options.untilWaiting && event.type === "run.waiting")) close();
      },
      {
        replay: options.replay,
        afterId: options.afterId,
        // the event connection dropped: say so and end the stream (an EventSource resumes from its last id)
        onLost: () => {
          if (options.lost) send(options.lost);
          close();
        },
      },
    );
    if (closed) unsubscribe(); // finished while replaying
    starting = true;
    await options.start?.();
  } catch (error) {
    stop();
    if (!starting) await options.abandon?.().catch(() => undefined);
    throw error;
  }
  options.signal.addEventListener("abort", close, { once: true });
  return new Response(stream, { headers: { ...sseHeaders, ...options.headers } });
}

/**
 * Waits for the run to finish, or to pause for approval, and returns that event (for clients that do
 * not stream).
 */
export async function waitForRun(
  runId: string,
  options: {
    replay: boolean;
    signal: AbortSignal;
    start?: () => Promise<void>;
    abandon?: () => Promise<void>;
    timeoutMs?: number;
    /** Sees every event before the last (progress reports). */
    onEvent?: (event: RunEvent) => void;
  },
): Promise<RunFinishedEvent | RunWaitingEvent> {
  return new Promise((resolve, reject) => {
    let unsubscribe: (() => void) | undefined;
    const timer = setTimeout(() => finish(new Error("The run did not finish in time")), options.timeoutMs ?? 600_000);
    const finish = (outcome: RunFinishedEvent | RunWaitingEvent | Error) => {
      clearTimeout(timer);
      unsubscribe?.();
      if (outcome instanceof Error) reject(outcome);
      else resolve(outcome);
    };
    options.signal.addEventListener("abort", () => finish(new Error("The client went away")), { once: true });
    const lost = () => finish(new AppError("UNAVAILABLE", "Lost the connection to the run's events; the run may still finish"));
    runEvents()
      .subscribe(
        runId,
        (event: RunEvent) => (event.type === "run.finished" || event.type === "run.waiting" ? finish(event) : options.onEvent?.(event)),
        { replay: options.replay, onLost: lost },
      )
      .then(
        async (stop) => {
          unsubscribe = stop;
          await options.start?.();
        },
        // never subscribed, so never started: give back what admitting the run held
        async (error: Error) => {
          await options.abandon?.().catch(() => undefined);
          throw error;
        },
      )
      .catch(finish);
  });
}
