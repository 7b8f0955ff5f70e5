import { APICallError } from "ai";
import { describe, expect, it } from "vitest";
import { AttemptTimeoutError, backoffDelay, isRetryable, retryAfterMs } from "./retry";

const apiError = (statusCode: number, headers: Record<string, string> = {}) =>
  new APICallError({
    message: `status ${statusCode}`,
    url: "http://x",
    requestBodyValues: {},
    statusCode,
    responseHeaders: headers,
    isRetryable: false,
  });

describe("retry policy", () => {
  it("retries rate limits, server errors, timeouts and dropped connections, not client errors", () => {
    expect(isRetryable(apiError(429))).toBe(true);
    expect(isRetryable(apiError(503))).toBe(true);
    expect(isRetryable(new AttemptTimeoutError(1000))).toBe(true);
    expect(isRetryable(new TypeError("fetch failed"))).toBe(true);
    expect(isRetryable(apiError(400))).toBe(false);
    expect(isRetryable(apiError(401))).toBe(false);
  });

  it("reads Retry-After as seconds, as an HTTP date, and retry-after-ms", () => {
    expect(retryAfterMs(apiError(429, { "Retry-After": "7" }))).toBe(7_000);
    expect(retryAfterMs(apiError(429, { "retry-after": new Date(10_000).toUTCString() }), 4_000)).toBe(6_000);
    expect(retryAfterMs(apiError(429, { "retry-after-ms": "250" }))).toBe(250);
    expect(retryAfterMs(apiError(429))).toBeUndefined();
  });

  it("honours Retry-After up to the cap, else backs off exponentially with jitter", () => {
    const policy = { baseDelayMs: 100, maxDelayMs: 5_000 };
    expect(backoffDelay(0, apiError(429, { "retry-after": "2" }), policy)).toBe(2_000);
    expect(backoffDelay(0, apiError(429, { "retry-after": "60" }), policy)).toBe(5_000);
    expect(backoffDelay(3, apiError(500), policy, () => 1)).toBe(800);
    expect(backoffDelay(3, apiError(500), policy, () => 0.5)).toBe(400);
    expect(backoffDelay(10, apiError(500), policy, () => 1)).toBe(5_000);
  });
});
