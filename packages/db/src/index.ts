export { createDb, getDb, dbPool, type Db } from "./client";
export { isDatabaseUnavailable } from "./unavailable";
export { isUniqueViolation } from "./unique-violation";
export { encryptSecret, decryptSecret } from "./credential-cipher";
export * from "./users";
export * from "./workspaces";
export * from "./members";
export * from "./bots";
export * from "./bot-calls";
export * from "./getting-started";
export * from "./credentials";
export type { Prisma } from "./generated/prisma/client";
export type { Role, ProviderKind, RunStatus, RunSource, FeedbackSource } from "./generated/prisma/enums";
export * from "./runs";
export { RunWriter, type RunRecord, type StepRow, type RunState } from "./run-writer";
export { readArchivedRunEvents, type ArchivedRunEvent } from "./run-event-log";
export { findRunTarget, type RunTarget } from "./run-target";
export * from "./datasets";
export * from "./feedback";
export * from "./eval-runs";
export { EvalResultWriter, type EvalResultRow } from "./eval-result-writer";
export * from "./context-stores";
export * from "./chunks";
export {
  queryUsage,
  usageDimensions,
  usageGroupings,
  histogramQuantile,
  type UsageFilters,
  type UsageRow,
  type UsageGrouping,
} from "./usage";
export { histogramOfOneSql, latencyBucketBounds, latencyBucketSql } from "./usage-rollup";
export * from "./budgets";
export * from "./model-prices";
export * from "./deployments";
export * from "./deployment-tools";
export * from "./api-keys";
export * from "./network";
export * from "./telemetry-export";
export * from "./conversations";
export * from "./references";
export { ResponseCacheStore, sweepExpiredResponses, RESPONSE_CACHE_TTL_DAYS, type StoredResponse } from "./response-cache";
export { recentModelLatencies, recentCachedEvalRuns } from "./eval-estimate";
export * from "./learned-routers";
export * from "./pools";
