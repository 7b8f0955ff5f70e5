// Failed sign-ins are limited per client IP and per account, so neither one address guessing many
// accounts nor many addresses guessing one account get far. Successful sign-ins cost nothing, so a
// busy office behind one IP is not locked out by its own colleagues.
import { AppError } from "@switchyard/errors";
import type { Redis } from "ioredis";

const WINDOW_MS = 15 * 60 * 1000;
export const LOGIN_FAILURES_PER_IP = 50;
export const LOGIN_FAILURES_PER_ACCOUNT = 10;

/** The counters a sign-in is held to: its account's, and its client address's when that is known (see clientAddress). */
const counters = (ip: string | null, email: string) => [
  { key: `login-failures:account:${email}`, max: LOGIN_FAILURES_PER_ACCOUNT },
  ...(ip === null ? [] : [{ key: `login-failures:ip:${ip}`, max: LOGIN_FAILURES_PER_IP }]),
];

export async function checkLoginAllowed(redis: Redis, ip: string | null, email: string): Promise<void> {
  const checks = counters(ip, email);
  const pipeline = redis.multi();
  for (const { key } of checks) pipeline.get(key).pttl(key);
  const values = ((await pipeline.exec()) ?? []).map(([error, value]) => {
    if (error) throw error;
    return Number(value ?? 0);
  });
  const waits = checks.flatMap(({ max }, index) => {
    const [count, ttl] = [values[index * 2] ?? 0, values[index * 2 + 1] ?? 0];
    return count >= max ? [ttl > 0 ? ttl : WINDOW_MS] : [];
  });
  if (waits.length) {
    const seconds = Math.max(1, Math.ceil(Math.max(...waits) / 1000));
    throw new AppError("RATE_LIMITED", `Too many failed sign-in attempts. Try again in ${Math.ceil(seconds / 60)} minutes.`, {
      retryAfterSeconds: seconds,
    });
  }
}

export async function recordFailedLogin(redis: Redis, ip: string | null, email: string): Promise<void> {
  const pipeline = redis.multi();
  for (const { key } of counters(ip, email)) pipeline.incr(key).pexpire(key, WINDOW_MS, "NX");
  await pipeline.exec();
}

/** A successful sign-in clears the account's counter (not the IP's). */
export async function clearAccountFailures(redis: Redis, email: string): Promise<void> {
  await redis.del(counters(null, email)[0]!.key);
}
