export {
  createRedis,
  connectRedis,
  createSubscriber,
  getRedis,
  redisKeyPrefix,
  redisClusterNodes,
  bullPrefix,
  createBullConnection,
  isRedisUnavailable,
  type RedisClient,
  type RedisSubscriber,
} from "./redis";
export { consumeRateLimit, consumeRateLimits, resetRateLimit, type RateLimitResult } from "./rate-limit";
export {
  RUN_QUEUE,
  createRunQueue,
  enqueueRun,
  runJobSchema,
  runInputSchema,
  type RunJob,
  type RunQueue,
  type RunQueueJob,
} from "./run-jobs";
export {
  RESUME_JOB,
  APPROVAL_TIMEOUT_JOB,
  runResumeJobSchema,
  approvalTimeoutJobSchema,
  enqueueResume,
  scheduleApprovalTimeout,
  cancelApprovalTimeout,
  type RunResumeJob,
  type ApprovalTimeoutJob,
} from "./approval-jobs";
export {
  appendRunEvent,
  appendRunEvents,
  appendSerializedRunEvents,
  runEventsPipeline,
  startSerializedRunEvents,
  readRunEvents,
  readRunFinish,
  releaseRunEvents,
  awaitRunStored,
  compareEventIds,
  runEventsKey,
  runEventsChannel,
  RUN_EVENTS_TTL_MS,
  FINISHED_RUN_EVENTS_GRACE_MS,
  type SerializedRunEvent,
  type StoredRunEvent,
  type RunFinishAppend,
} from "./run-events";
export { RunEventHub, type ArchivedRunEvents } from "./run-event-hub";
export { requestRunCancel, isRunCancelled, runCancelChannel, runCancelledKey } from "./run-cancel";
export {
  EVAL_QUEUE,
  createEvalQueue,
  enqueueEvalPairs,
  evalJobSchema,
  setEvalRunStopped,
  isEvalRunStopped,
  markEvalPairDone,
  donePairsAmong,
  EVAL_PAIRS_PER_JOB,
  type EvalJob,
  type EvalJobData,
  type EvalJobPair,
} from "./eval-jobs";
export { RedisSemaphore } from "./semaphore";
export { INGEST_QUEUE, createIngestQueue, enqueueIngestion, ingestJobSchema, type IngestJob } from "./ingest-jobs";
export { createBudgetGate, type BudgetGate, type BudgetFigures, type BudgetSettlement, type RunCharge } from "./budget-gate";
export {
  ROUTER_TRAINING_QUEUE,
  createRouterTrainingQueue,
  enqueueRouterTraining,
  routerTrainingJobSchema,
  type RouterTrainingJob,
} from "./router-jobs";
export { RedisPoolLoad } from "./pool-load";
