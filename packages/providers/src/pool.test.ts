import { APICallError } from "ai";
import { describe, expect, it } from "vitest";
import {
  cooldownFor,
  createInProcessPoolLoad,
  DEFAULT_COOLDOWN_MS,
  isMemberFault,
  MAX_COOLDOWN_MS,
  pickMember,
  type PoolMember,
} from "./pool";
import { AttemptTimeoutError } from "./retry";

const apiError = (statusCode: number, headers: Record<string, string> = {}) =>
  new APICallError({
    message: `status ${statusCode}`,
    url: "http://x",
    requestBodyValues: {},
    statusCode,
    responseHeaders: headers,
    isRetryable: false,
  });

const member = (id: string, weight = 1): PoolMember => ({ id, credentialId: `cred-${id}`, name: `Key ${id}`, model: null, weight });
const idle = { inFlight: 0, coolingUntil: 0 };

describe("choosing a pool member", () => {
  const members = [member("a"), member("b"), member("c")];

  it("takes the member with the fewest calls in flight, the earlier one on a tie", () => {
    expect(pickMember(members, [idle, idle, idle], new Set(), 0)).toBe(0);
    expect(
      pickMember(
        members,
        [
          { inFlight: 2, coolingUntil: 0 },
          { inFlight: 1, coolingUntil: 0 },
          { inFlight: 1, coolingUntil: 0 },
        ],
        new Set(),
        0,
      ),
    ).toBe(1);
  });

  it("counts in-flight calls per unit of weight", () => {
    const weighted = [member("a", 3), member("b")];
    // a carries 2 of its 3, b 1 of its 1
    expect(
      pickMember(
        weighted,
        [
          { inFlight: 2, coolingUntil: 0 },
          { inFlight: 1, coolingUntil: 0 },
        ],
        new Set(),
        0,
      ),
    ).toBe(0);
    expect(
      pickMember(
        weighted,
        [
          { inFlight: 3, coolingUntil: 0 },
          { inFlight: 0, coolingUntil: 0 },
        ],
        new Set(),
        0,
      ),
    ).toBe(1);
  });

  it("passes over members resting until later and members already tried, and says when none is left", () => {
    const states = [{ inFlight: 0, coolingUntil: 5_000 }, { inFlight: 9, coolingUntil: 0 }, idle];
    expect(pickMember(members, states, new Set(["c"]), 1_000)).toBe(1);
    expect(pickMember(members, states, new Set(["b", "c"]), 1_000)).toBe(-1);
    // a rest that has run out no longer counts
    expect(pickMember(members, states, new Set(["b", "c"]), 5_000)).toBe(0);
  });
});

describe("resting a member that failed", () => {
  it("rests for the provider's Retry-After when it sent one, else the default, capped", () => {
    expect(cooldownFor(apiError(429, { "retry-after": "7" }))).toBe(7_000);
    expect(cooldownFor(apiError(429))).toBe(DEFAULT_COOLDOWN_MS);
    expect(cooldownFor(apiError(503), 5_000)).toBe(5_000);
    expect(cooldownFor(apiError(429, { "retry-after": "86400" }))).toBe(MAX_COOLDOWN_MS);
  });

  it("fails over on rate limits, server errors, timeouts, refused connections and a refused key, not on a malformed request", () => {
    for (const error of [
      apiError(429),
      apiError(500),
      apiError(503),
      apiError(401),
      apiError(404),
      new AttemptTimeoutError(100),
      new TypeError("fetch failed"),
    ])
      expect(isMemberFault(error)).toBe(true);
    for (const status of [400, 413, 422]) expect(isMemberFault(apiError(status))).toBe(false);
  });
});

describe("the in-process pool load", () => {
  it("spreads concurrent calls, frees a slot on release and when its lease runs out, and skips resting members", async () => {
    let now = 1_000;
    const load = createInProcessPoolLoad(() => now);
    const members = [member("a"), member("b")];
    const first = await load.acquire("p", members, new Set(), 10_000);
    const second = await load.acquire("p", members, new Set(), 10_000);
    expect([first.index, second.index]).toEqual([0, 1]);
    if (!("release" in first)) throw new Error("expected a slot");
    await first.release();
    expect((await load.acquire("p", members, new Set(), 10_000)).index).toBe(0);
    // both busy once each; a's lease (from the third call) lapses after 10 s, b's too
    now += 10_001;
    await load.coolDown("p", "a", 30_000);
    expect((await load.acquire("p", members, new Set(), 10_000)).index).toBe(1);
    const none = await load.acquire("p", members, new Set(["b"]), 10_000);
    expect(none).toEqual({ index: -1, coolingUntil: now + 30_000 });
  });
});
