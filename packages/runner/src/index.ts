export { createRunner, type Runner, type RunnerOptions, type RunOutcome } from "./run-job";
export { ExpiringCache } from "./expiring-cache";
