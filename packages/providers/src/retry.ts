// Retries for provider calls: 429, 408, 5xx, timeouts and dropped connections, with exponential
// backoff and full jitter, honouring the provider's Retry-After when it sends one.
import { APICallError } from "ai";

/** How long to wait between attempts; how many attempts is each model node's own setting. */
export interface RetryPolicy {
  baseDelayMs: number;
  maxDelayMs: number;
}

export const defaultRetryPolicy: RetryPolicy = { baseDelayMs: 500, maxDelayMs: 20_000 };

export class AttemptTimeoutError extends Error {
  constructor(timeoutMs: number) {
    super(`the provider did not answer within ${Math.round(timeoutMs / 100) / 10}s`);
    this.name = "AttemptTimeoutError";
  }
}

export function isRetryable(error: unknown): boolean {
  if (error instanceof AttemptTimeoutError) return true;
  if (APICallError.isInstance(error)) {
    const status = error.statusCode;
    return status === undefined ? true : status === 408 || status === 409 || status === 429 || status >= 500;
  }
  const text = error instanceof Error ? `${error.name} ${error.message} ${String((error as { cause?: unknown }).cause ?? "")}` : "";
  return /ECONNRESET|ECONNREFUSED|EPIPE|socket hang up|terminated|other side closed|fetch failed/i.test(text);
}

/** Milliseconds the provider asked us to wait, from Retry-After (seconds or a date) or retry-after-ms. */
export function retryAfterMs(error: unknown, now = Date.now()): number | undefined {
  if (!APICallError.isInstance(error) || !error.responseHeaders) return undefined;
  const headers = Object.fromEntries(Object.entries(error.responseHeaders).map(([key, value]) => [key.toLowerCase(), value]));
  const milliseconds = Number(headers["retry-after-ms"]);
  if (Number.isFinite(milliseconds) && milliseconds >= 0) return milliseconds;
  const value = headers["retry-after"];
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

export function backoffDelay(attempt: number, error: unknown, policy: RetryPolicy, random = Math.random): number {
  const asked = retryAfterMs(error);
  if (asked !== undefined) return Math.min(asked, policy.maxDelayMs);
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt);
  return Math.round(random() * ceiling);
}

export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    signal.addEventListener("abort", onAbort, { once: true });
  });
}
