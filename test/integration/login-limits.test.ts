// Failed sign-ins are limited per account and per IP in Redis; the limit answers with a wait time.
import { checkLoginAllowed, LOGIN_FAILURES_PER_ACCOUNT, LOGIN_FAILURES_PER_IP, recordFailedLogin } from "@switchyard/auth";
import { AppError } from "@switchyard/errors";
import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { redis } from "./support";

const unique = () => randomBytes(4).toString("hex");

describe("sign-in rate limits", () => {
  it("lock an account after repeated failures from any address", async () => {
    const email = `victim-${unique()}@example.com`;
    for (let attempt = 0; attempt < LOGIN_FAILURES_PER_ACCOUNT; attempt++) {
      await checkLoginAllowed(redis(), `10.0.0.${attempt}`, email);
      await recordFailedLogin(redis(), `10.0.0.${attempt}`, email);
    }
    const error = await checkLoginAllowed(redis(), "10.9.9.9", email).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe("RATE_LIMITED");
    expect((error as AppError).retryAfterSeconds).toBeGreaterThan(800);
    await expect(checkLoginAllowed(redis(), "10.9.9.9", `someone-else-${unique()}@example.com`)).resolves.toBeUndefined();
  });

  it("block an address that fails across many accounts", async () => {
    const ip = `192.0.2.${Math.floor(Math.random() * 250)}-${unique()}`;
    for (let attempt = 0; attempt < LOGIN_FAILURES_PER_IP; attempt++)
      await recordFailedLogin(redis(), ip, `guess-${attempt}-${unique()}@example.com`);
    await expect(checkLoginAllowed(redis(), ip, `fresh-${unique()}@example.com`)).rejects.toThrow(/Too many failed sign-in attempts/);
  });

  it("hold each account to its own limit when the client address is unknown, and lock nobody else out", async () => {
    // no trusted proxy: every request's address is unknown (null), so there is no shared counter
    for (let attempt = 0; attempt < LOGIN_FAILURES_PER_IP + 5; attempt++)
      await recordFailedLogin(redis(), null, `guess-${attempt}-${unique()}@example.com`);
    await expect(checkLoginAllowed(redis(), null, `innocent-${unique()}@example.com`)).resolves.toBeUndefined();
    const email = `target-${unique()}@example.com`;
    for (let attempt = 0; attempt < LOGIN_FAILURES_PER_ACCOUNT; attempt++) await recordFailedLogin(redis(), null, email);
    await expect(checkLoginAllowed(redis(), null, email)).rejects.toThrow(/Too many failed sign-in attempts/);
  });
});
