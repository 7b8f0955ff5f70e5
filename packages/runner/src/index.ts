export { createRunner, type Runner, type RunnerOptions, type RunOutcome } from "./run-job";
export { ExpiringCache } from "./expiring-cache";
export { createEvalProcessor, type EvalProcessor, type EvalProcessorOptions, type EvalJobOutcome } from "./eval-job";
export { startEvalRun, stopEvalRun, resumeEvalRun } from "./eval-control";
export { trainLearnedRouter } from "./router-training";
export { requestLearnedRouter } from "./router-control";
export { createTelemetry, type TelemetryOptions } from "./telemetry";
export { createApprovedCalls, type ApprovedCallTiming } from "./approved-calls";
