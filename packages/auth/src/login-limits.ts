// Failed sign-ins are limited per client IP and per account, so neither one address guessing many
// accounts nor many addresses guessing one account get far. Successful sign-ins cost nothing, so a
// busy office behind one IP is not locked out by its own colleagues.
import { AppError } from "@switchyard/errors";
import type { Redis } from "ioredis";

const WINDOW_MS = 15 * 60 * 1000;
export const LOGIN_FAILURES_PER_IP = 50;
export const LOGIN_FAILURES_PER_ACCOUNT = 10;

const keys = (ip: string, email: string) => [`login-failures:ip:${ip}`, `login-failures:account:${email}`] as const;

export async function checkLoginAllowed(redis: Redis, ip: string, email: string): Promise<void> {
  const [ipKey, accountKey] = keys(ip, email);
  const replies = (await redis.multi().get(ipKey).get(accountKey).pttl(ipKey).pttl(accountKey).exec()) ?? [];
  const [byIp, byAccount, ttlIp, ttlAccount] = replies.map(([error, value]) => {
    if (error) throw error;
    return Number(value ?? 0);
  });
  const waits: number[] = [];
  if ((byIp ?? 0) >= LOGIN_FAILURES_PER_IP) waits.push(ttlIp ?? WINDOW_MS);
  if ((byAccount ?? 0) >= LOGIN_FAILURES_PER_ACCOUNT) waits.push(ttlAccount ?? WINDOW_MS);
  if (waits.length) {
    const seconds = Math.max(1, Math.ceil(Math.max(...waits) / 1000));
    throw new AppError("RATE_LIMITED", `Too many failed sign-in attempts. Try again in ${Math.ceil(seconds / 60)} minutes.`, {
      retryAfterSeconds: seconds,
    });
  }
}

export async function recordFailedLogin(redis: Redis, ip: string, email: string): Promise<void> {
  const pipeline = redis.multi();
  for (const key of keys(ip, email)) pipeline.incr(key).pexpire(key, WINDOW_MS, "NX");
  await pipeline.exec();
}

/** A successful sign-in clears the account's counter (not the IP's). */
export async function clearAccountFailures(redis: Redis, email: string): Promise<void> {
  await redis.del(keys("", email)[1]);
}
