// Failed sign-ins lock only the address that made them and slow the account down; nobody can lock
// someone else out of their account.
import {
  checkLoginAllowed,
  LOGIN_FAILURES_BEFORE_DELAY,
  LOGIN_FAILURES_PER_ACCOUNT_AND_IP,
  LOGIN_FAILURES_PER_IP,
  MAX_LOGIN_DELAY_MS,
  recordFailedLogin,
} from "@switchyard/auth";
import { AppError } from "@switchyard/errors";
import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { redis } from "./support";

const unique = () => randomBytes(4).toString("hex");

describe("sign-in rate limits", () => {
  it("lock out only the address that keeps failing; the owner signs in from elsewhere", async () => {
    const email = `victim-${unique()}@example.com`;
    for (let attempt = 0; attempt < LOGIN_FAILURES_PER_ACCOUNT_AND_IP; attempt++) {
      await checkLoginAllowed(redis(), "10.0.0.66", email);
      await recordFailedLogin(redis(), "10.0.0.66", email);
    }
    const error = await checkLoginAllowed(redis(), "10.0.0.66", email).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe("RATE_LIMITED");
    expect((error as AppError).retryAfterSeconds).toBeGreaterThan(800);
    // the account itself is not locked: its owner, elsewhere, only waits a few seconds at most
    const delay = await checkLoginAllowed(redis(), "10.9.9.9", email);
    expect(delay).toBeGreaterThan(0);
    expect(delay).toBeLessThanOrEqual(MAX_LOGIN_DELAY_MS);
    await expect(checkLoginAllowed(redis(), "10.0.0.66", `someone-else-${unique()}@example.com`)).resolves.toBe(0);
  });

  it("slow an account down as failures from many addresses add up, never refusing it", async () => {
    const email = `spread-${unique()}@example.com`;
    const delays: number[] = [];
    for (let attempt = 0; attempt < 40; attempt++) {
      delays.push(await checkLoginAllowed(redis(), `10.1.${attempt}.1`, email));
      await recordFailedLogin(redis(), `10.1.${attempt}.1`, email);
    }
    expect(delays.slice(0, LOGIN_FAILURES_BEFORE_DELAY)).toEqual(Array(LOGIN_FAILURES_BEFORE_DELAY).fill(0));
    expect(delays[LOGIN_FAILURES_BEFORE_DELAY]).toBe(250);
    expect(delays[LOGIN_FAILURES_BEFORE_DELAY + 1]).toBe(500);
    expect(delays.at(-1)).toBe(MAX_LOGIN_DELAY_MS);
    await expect(checkLoginAllowed(redis(), "10.2.0.1", email)).resolves.toBe(MAX_LOGIN_DELAY_MS);
  });

  it("block an address that fails across many accounts", async () => {
    const ip = `192.0.2.${Math.floor(Math.random() * 250)}-${unique()}`;
    for (let attempt = 0; attempt < LOGIN_FAILURES_PER_IP; attempt++)
      await recordFailedLogin(redis(), ip, `guess-${attempt}-${unique()}@example.com`);
    await expect(checkLoginAllowed(redis(), ip, `fresh-${unique()}@example.com`)).rejects.toThrow(/Too many failed sign-in attempts/);
  });

  it("only slow down, never lock, when the client address is unknown", async () => {
    // no trusted proxy: every request's address is unknown (null), so nothing can tell the attacker apart
    for (let attempt = 0; attempt < LOGIN_FAILURES_PER_IP + 5; attempt++)
      await recordFailedLogin(redis(), null, `guess-${attempt}-${unique()}@example.com`);
    await expect(checkLoginAllowed(redis(), null, `innocent-${unique()}@example.com`)).resolves.toBe(0);
    const email = `target-${unique()}@example.com`;
    for (let attempt = 0; attempt < 30; attempt++) await recordFailedLogin(redis(), null, email);
    await expect(checkLoginAllowed(redis(), null, email)).resolves.toBe(MAX_LOGIN_DELAY_MS);
  });
});
