// Failed sign-ins. Nobody can lock someone else out: repeated failures lock only the address that
// made them (for that account, and across accounts), and failures on an account slow its sign-ins
// down (a delay before the password is checked) instead of refusing them. With the client address
// unknown (no trusted proxy, see clientAddress) only the slowing down applies.
import { AppError } from "@switchyard/errors";
import type { Cluster, Redis } from "ioredis";

const WINDOW_MS = 15 * 60 * 1000;
export const LOGIN_FAILURES_PER_IP = 50;
/** Failures of one account from one address before that address is locked out of it. */
export const LOGIN_FAILURES_PER_ACCOUNT_AND_IP = 10;
/** Failures of an account (from anywhere) before its sign-ins are slowed, and the longest delay. */
export const LOGIN_FAILURES_BEFORE_DELAY = 5;
export const MAX_LOGIN_DELAY_MS = 8_000;

const accountKey = (email: string) => `login-failures:account:${email}`;

/** The counters that refuse: the address's own, for this account and across accounts (none when the address is unknown). */
const lockCounters = (ip: string | null, email: string) =>
  ip === null
    ? []
    : [
        { key: `login-failures:account-ip:${email}:${ip}`, max: LOGIN_FAILURES_PER_ACCOUNT_AND_IP },
        { key: `login-failures:ip:${ip}`, max: LOGIN_FAILURES_PER_IP },
      ];

/** Delay before checking a password, doubling with each failure past the first few: 0.25 s, 0.5 s, … up to 8 s. */
export const loginDelayMs = (accountFailures: number) =>
  accountFailures < LOGIN_FAILURES_BEFORE_DELAY
    ? 0
    : Math.min(MAX_LOGIN_DELAY_MS, 250 * 2 ** (accountFailures - LOGIN_FAILURES_BEFORE_DELAY));

/**
 * Throws RATE_LIMITED when this address is locked out (of this account or of all); otherwise returns
 * how long to wait before checking the password.
 */
export async function checkLoginAllowed(redis: Redis | Cluster, ip: string | null, email: string): Promise<number> {
  const checks = lockCounters(ip, email);
  // separate commands, not one transaction: on a Redis Cluster the counters live in different hash
  // slots (an address's counter is shared by every account); sent in the same tick they share a round trip
  const replies = await Promise.all([redis.get(accountKey(email)), ...checks.flatMap(({ key }) => [redis.get(key), redis.pttl(key)])]);
  const values = replies.map((value) => Number(value ?? 0));
  const waits = checks.flatMap(({ max }, index) => {
    const [count, ttl] = [values[1 + index * 2] ?? 0, values[2 + index * 2] ?? 0];
    return count >= max ? [ttl > 0 ? ttl : WINDOW_MS] : [];
  });
  if (waits.length) {
    const seconds = Math.max(1, Math.ceil(Math.max(...waits) / 1000));
    throw new AppError("RATE_LIMITED", `Too many failed sign-in attempts. Try again in ${Math.ceil(seconds / 60)} minutes.`, {
      retryAfterSeconds: seconds,
    });
  }
  return loginDelayMs(values[0] ?? 0);
}

export async function recordFailedLogin(redis: Redis | Cluster, ip: string | null, email: string): Promise<void> {
  // a transaction per counter (each in its own hash slot on a cluster), so none is left without expiry
  const keys = [accountKey(email), ...lockCounters(ip, email).map(({ key }) => key)];
  await Promise.all(keys.map((key) => redis.multi().incr(key).pexpire(key, WINDOW_MS, "NX").exec()));
}

/** A successful sign-in clears the account's counters (not the address's across accounts). */
export async function clearAccountFailures(redis: Redis | Cluster, ip: string | null, email: string): Promise<void> {
  const keys = [
    accountKey(email),
    ...lockCounters(ip, email)
      .slice(0, 1)
      .map(({ key }) => key),
  ];
  await Promise.all(keys.map((key) => redis.del(key))); // one DEL per hash slot on a cluster
}
