// The one place the server's environment is read and validated. Web, worker and launcher all call it.
import { z } from "zod";
import { parseEnvironment } from "./parse";

/**
 * REDIS_CLUSTER_NODES: "host:port,host:port" (a few nodes of the cluster, or a managed service's
 * configuration endpoint). Set: every connection is a Redis Cluster client seeded with these nodes,
 * taking user, password and TLS (rediss:) from REDIS_URL; unset or empty: one Redis at REDIS_URL.
 */
export const redisClusterNodesSchema = z
  .string()
  .trim()
  .optional()
  .transform((value) => (value ? value.split(",").map((node) => node.trim()) : []))
  .pipe(
    z.array(
      z
        .string()
        .regex(/^[^\s:,]+:\d{1,5}$/, "REDIS_CLUSTER_NODES must be host:port pairs separated by commas")
        .transform((node) => {
          const at = node.lastIndexOf(":");
          return { host: node.slice(0, at), port: Number(node.slice(at + 1)) };
        }),
    ),
  );

const optionalString = z
  .string()
  .trim()
  .transform((value) => (value === "" ? undefined : value))
  .optional();

export const serverEnvSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  DATABASE_URL: z.string().url("DATABASE_URL must be a postgres:// URL"),
  REDIS_URL: z.string().url("REDIS_URL must be a redis:// URL").default("redis://127.0.0.1:6379"),
  // A Redis Cluster instead of one Redis: see redisClusterNodesSchema and docs/scaling.md.
  REDIS_CLUSTER_NODES: redisClusterNodesSchema,
  // Master secret: encrypts provider keys at rest and signs sessions. The launcher generates one
  // into the data folder on first start when unset.
  SWITCHYARD_SECRET: z.string().min(32, "SWITCHYARD_SECRET must be at least 32 characters"),
  // Public URL of the web app, used in invite links and auth callbacks.
  SWITCHYARD_URL: z.string().url().default("http://localhost:3000"),
  // Published bots: requests per minute per client IP and per deployment (widget), per API key (API).
  PUBLIC_CHAT_PER_IP_PER_MINUTE: z.coerce.number().int().positive().default(30),
  PUBLIC_CHAT_PER_DEPLOYMENT_PER_MINUTE: z.coerce.number().int().positive().default(3_000),
  // Widget visitors: messages per minute per server-minted session, and sessions minted per minute per
  // deployment (a visitor without a valid session gets a new one), so abuse is bounded without addresses.
  PUBLIC_CHAT_PER_SESSION_PER_MINUTE: z.coerce.number().int().positive().default(20),
  PUBLIC_CHAT_NEW_SESSIONS_PER_MINUTE: z.coerce.number().int().positive().default(120),
  API_PER_KEY_PER_MINUTE: z.coerce.number().int().positive().default(3_000),
  // Account sign-ups per client IP per hour.
  SIGNUPS_PER_IP_PER_HOUR: z.coerce.number().int().positive().default(20),
  // How many reverse proxies in front of the web app append to X-Forwarded-For; the client address is
  // that many entries from the right. 0 (unset, "false"): the header is ignored, since any client can
  // write it, and client addresses are unknown (per-address limits are off). "true" means one proxy: unlike Express's `true`, it
  // never takes the left-most entry, which is whatever the client sent.
  TRUST_PROXY: z
    .string()
    .trim()
    .regex(/^(true|false|\d{1,2})?$/i, "TRUST_PROXY must be true, false or the number of proxies in front of the web app")
    .optional()
    .transform((value) => {
      const setting = value?.toLowerCase();
      return !setting || setting === "false" ? 0 : setting === "true" ? 1 : Number(setting);
    }),
  GITHUB_ID: optionalString,
  GITHUB_SECRET: optionalString,
  GOOGLE_ID: optionalString,
  GOOGLE_SECRET: optionalString,
});

export type ServerEnv = z.infer<typeof serverEnvSchema>;

let cached: ServerEnv | undefined;

/** Parses process.env once; throws one readable message listing every problem. */
export function readServerEnv(source: NodeJS.ProcessEnv = process.env): ServerEnv {
  if (cached && source === process.env) return cached;
  const env = parseEnvironment(serverEnvSchema, source);
  if (source === process.env) cached = env;
  return env;
}
