export { readServerEnv, type ServerEnv } from "./env";
export { deriveKey } from "./keys";
