// Shared handles for integration tests: the run's database (from global setup) and Redis.
import { randomBytes } from "node:crypto";
import { createUserWithWorkspace, getDb } from "@switchyard/db";
import { getRedis } from "@switchyard/queue";

export const db = () => getDb();
export const redis = () => getRedis();

export async function newUser(label = "user") {
  const email = `${label}-${randomBytes(4).toString("hex")}@example.com`;
  return createUserWithWorkspace(db(), { email, name: label });
}
