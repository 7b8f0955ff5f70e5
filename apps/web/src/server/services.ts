// The web process's shared services, created once per process.
import { buildAuthOptions } from "@switchyard/auth";
import { readServerEnv } from "@switchyard/config";
import { getDb } from "@switchyard/db";
import { getRedis } from "@switchyard/queue";
import type { NextAuthOptions } from "next-auth";

export const env = () => readServerEnv();
export const db = () => getDb();
export const redis = () => getRedis();

let authOptions: NextAuthOptions | undefined;
export function getAuthOptions(): NextAuthOptions {
  authOptions ??= buildAuthOptions({ db: db(), redis: redis(), env: env() });
  return authOptions;
}
