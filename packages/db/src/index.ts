export { createDb, getDb, dbPool, type Db } from "./client";
export { isDatabaseUnavailable } from "./unavailable";
export { isUniqueViolation } from "./unique-violation";
export { timeOrderedUuid } from "./time-ordered-id";
export { encryptSecret, decryptSecret } from "./workspace/credential-cipher";
export * from "./workspace/users";
export * from "./workspace/workspaces";
export * from "./workspace/members";
export * from "./workspace/bots";
export * from "./workspace/bot-calls";
export * from "./workspace/getting-started";
export * from "./workspace/credentials";
export type { Prisma } from "./generated/prisma/client";
export type { Role, ProviderKind, RunStatus, RunSource, FeedbackSource, ApprovalStatus } from "./generated/prisma/enums";
export * from "./runs/runs";
export { RunWriter, type RunRecord, type StepRow, type RunState } from "./runs/run-writer";
export { readArchivedRunEvents, type ArchivedRunEvent } from "./runs/run-event-log";
export { findRunTarget, type RunTarget } from "./runs/run-target";
export * from "./evals/datasets";
export * from "./runs/feedback";
export * from "./evals/eval-runs";
export { EvalResultWriter, type EvalResultRow } from "./evals/eval-result-writer";
export * from "./knowledge/context-stores";
export * from "./knowledge/chunks";
export {
  queryUsage,
  usageDimensions,
  usageGroupings,
  histogramQuantile,
  type UsageFilters,
  type UsageRow,
  type UsageGrouping,
} from "./usage/usage";
export { histogramOfOneSql, latencyBucketBounds, latencyBucketSql } from "./usage/usage-rollup";
export * from "./usage/budgets";
export * from "./usage/model-prices";
export * from "./workspace/deployments";
export * from "./workspace/deployment-tools";
export * from "./workspace/api-keys";
export * from "./workspace/network";
export * from "./workspace/telemetry-export";
export * from "./runs/conversations";
export * from "./workspace/references";
export { ResponseCacheStore, sweepExpiredResponses, RESPONSE_CACHE_TTL_DAYS, type StoredResponse } from "./evals/response-cache";
export { recentModelLatencies, recentCachedEvalRuns } from "./evals/eval-estimate";
export * from "./evals/learned-routers";
export * from "./workspace/pools";
export * from "./runs/approvals";
