// The web process's shared services, created once per process.
import { buildAuthOptions } from "@switchyard/auth";
import { readServerEnv } from "@switchyard/config";
import { getDb, readArchivedRunEvents, readBudgetState } from "@switchyard/db";
import { createFlowCompiler } from "@switchyard/engine";
import { nodeRegistry } from "@switchyard/nodes";
import {
  createBudgetGate,
  createBullConnection,
  createIngestQueue,
  createRunQueue,
  createSubscriber,
  getRedis,
  RunEventHub,
  type BudgetGate,
} from "@switchyard/queue";
import type { NextAuthOptions } from "next-auth";

export const env = () => readServerEnv();
export const db = () => getDb();
export const redis = () => getRedis();
/** The app's public origin (`SWITCHYARD_URL`), which cookie-authenticated writes must come from. */
export const appOrigin = () => new URL(env().SWITCHYARD_URL).origin;

const globalForServices = globalThis as unknown as {
  authOptions?: NextAuthOptions;
  runQueue?: ReturnType<typeof createRunQueue>;
  ingestQueue?: ReturnType<typeof createIngestQueue>;
  runEvents?: RunEventHub;
  compileFlow?: ReturnType<typeof createFlowCompiler>;
  budgets?: BudgetGate;
};

export function getAuthOptions(): NextAuthOptions {
  globalForServices.authOptions ??= buildAuthOptions({ db: db(), redis: redis(), env: env() });
  return globalForServices.authOptions;
}

export function runQueue() {
  globalForServices.runQueue ??= createRunQueue(createBullConnection(env().REDIS_URL, { producer: true }));
  return globalForServices.runQueue;
}

export function ingestQueue() {
  globalForServices.ingestQueue ??= createIngestQueue(createBullConnection(env().REDIS_URL));
  return globalForServices.ingestQueue;
}

export function runEvents(): RunEventHub {
  if (!globalForServices.runEvents) {
    const subscriber = createSubscriber(env().REDIS_URL);
    subscriber.on("error", () => undefined);
    globalForServices.runEvents = new RunEventHub(redis(), subscriber, (runId) => readArchivedRunEvents(db(), runId));
  }
  return globalForServices.runEvents;
}

export function compileFlow() {
  globalForServices.compileFlow ??= createFlowCompiler(nodeRegistry);
  return globalForServices.compileFlow;
}

/** Admits runs against the workspace's and deployment's monthly budgets (call before enqueueing). */
export function budgets(): BudgetGate {
  globalForServices.budgets ??= createBudgetGate({ redis: redis(), load: (scope, at) => readBudgetState(db(), scope, at) });
  return globalForServices.budgets;
}
