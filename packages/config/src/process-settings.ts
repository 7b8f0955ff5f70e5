// Settings of one web or worker process (ports, concurrency, grace periods). Kept apart from the
// server environment because they need no database or secret: a health probe or a port check can
// read them alone.
import { z } from "zod";
import { parseEnvironment } from "./parse";

const count = (fallback: number) => z.coerce.number().int().positive().default(fallback);
const milliseconds = (fallback: number) => z.coerce.number().int().nonnegative().default(fallback);
const port = z.coerce.number().int().min(1).max(65_535);
const emptyIsUnset = (value: unknown) => (value === "" ? undefined : value);

export const workerSettingsSchema = z.object({
  /** Runs one worker process executes at once. */
  WORKER_CONCURRENCY: count(64),
  /** How long a run may go without its worker's heartbeat before another worker takes it over. */
  WORKER_LOCK_MS: milliseconds(30_000),
  /** Eval pairs (item × variant × repeat) one worker process executes at once. */
  EVAL_WORKER_CONCURRENCY: count(128),
  /** How long a cached eval response may be reused. */
  EVAL_CACHE_TTL_DAYS: count(30),
  /** How long a SIGTERM waits for the runs in hand before handing them back. */
  WORKER_SHUTDOWN_GRACE_MS: milliseconds(25_000),
  /**
   * On (the default): a run's finish is announced before its finish record is stored, which takes the
   * write off the answer's path (docs/reliability.md, "Finish before it is stored"). "0": stored, then announced.
   */
  WORKER_ANNOUNCE_BEFORE_STORED: z.preprocess((value) => !(value === "0" || value === "false"), z.boolean()),
  /** When set, the worker answers /live and /ready on this port. */
  WORKER_HEALTH_PORT: z.preprocess(emptyIsUnset, port.optional()),
  WORKER_HEALTH_HOSTNAME: z.string().default("0.0.0.0"),
  /** OpenTelemetry export: spans a workspace may have waiting before new ones are dropped. */
  TELEMETRY_QUEUE_SIZE: count(2_048),
  /** How long a batch of spans waits to fill before it is sent. */
  TELEMETRY_BATCH_DELAY_MS: milliseconds(1_000),
  /** How long a collector may take per request before the batch is dropped. */
  TELEMETRY_EXPORT_TIMEOUT_MS: count(10_000),
  /** How often exported and dropped span counts are written for Settings. */
  TELEMETRY_REPORT_MS: count(10_000),
});

export const webSettingsSchema = z.object({
  PORT: port.default(3000),
  /** Not HOSTNAME: shells and containers set that to the machine's name. */
  WEB_HOSTNAME: z.string().default("0.0.0.0"),
  /** How long a SIGTERM lets open requests (SSE streams included) finish. */
  WEB_SHUTDOWN_GRACE_MS: milliseconds(25_000),
});

export type WorkerSettings = z.infer<typeof workerSettingsSchema>;
export type WebSettings = z.infer<typeof webSettingsSchema>;

export const readWorkerSettings = (source: NodeJS.ProcessEnv = process.env): WorkerSettings =>
  parseEnvironment(workerSettingsSchema, source);

export const readWebSettings = (source: NodeJS.ProcessEnv = process.env): WebSettings => parseEnvironment(webSettingsSchema, source);
