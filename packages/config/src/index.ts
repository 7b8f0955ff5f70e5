export { readServerEnv, redisClusterNodesSchema, type ServerEnv } from "./env";
export { deriveKey } from "./keys";
export {
  readWebSettings,
  readWorkerSettings,
  webSettingsSchema,
  workerSettingsSchema,
  type WebSettings,
  type WorkerSettings,
} from "./process-settings";
