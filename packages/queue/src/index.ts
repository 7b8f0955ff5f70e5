export { createRedis, getRedis, redisKeyPrefix } from "./redis";
export { consumeRateLimit, resetRateLimit, type RateLimitResult } from "./rate-limit";
