// The run queue contract shared by the web app (producer) and workers (consumers).
import { flowGraphSchema } from "@switchyard/engine";
import { Queue, type ConnectionOptions } from "bullmq";
import { z } from "zod";
import type { ApprovalTimeoutJob, RunResumeJob } from "./approval-jobs";
import { bullPrefix } from "./redis";

export const RUN_QUEUE = "runs";

const chatMessageSchema = z.object({ role: z.enum(["system", "user", "assistant"]), content: z.string() });

export const runInputSchema = z.object({
  message: z.string().max(100_000, "The message is longer than 100,000 characters"),
  history: z.array(chatMessageSchema).max(200).optional(),
  variables: z.record(z.string(), z.string().max(100_000)).optional(),
  sessionId: z.string().max(400).optional(),
});

export const runJobSchema = z.object({
  runId: z.string(),
  workspaceId: z.string(),
  botId: z.string(),
  /** Published versions are loaded (and cached) by id; draft runs carry their graph. */
  botVersionId: z.string().nullable(),
  graph: flowGraphSchema.optional(),
  graphKey: z.string(),
  deploymentId: z.string().nullable(),
  source: z.enum(["EDITOR", "API", "WIDGET", "EVAL", "MCP"]),
  input: runInputSchema,
  enqueuedAt: z.number(),
  /**
   * False when no client reads the run's tokens as they come (an answer given as one JSON document,
   * an eval): its model calls then ask for the whole reply at once, which costs a fraction of a stream.
   */
  streamTokens: z.boolean().optional(),
});

export type RunJob = z.infer<typeof runJobSchema>;

/** The run queue carries runs, and the resume and approval-timeout jobs of paused runs (approval-jobs.ts). */
export type RunQueueJob = RunJob | RunResumeJob | ApprovalTimeoutJob;
export type RunQueue = Queue<RunQueueJob>;

export function createRunQueue(connection: ConnectionOptions): RunQueue {
  return new Queue<RunQueueJob>(RUN_QUEUE, {
    connection,
    prefix: bullPrefix(),
    defaultJobOptions: {
      // infrastructure failures (database or Redis briefly down) are retried; flow failures are results
      attempts: 3,
      backoff: { type: "exponential", delay: 500 },
      removeOnComplete: true,
      removeOnFail: { age: 24 * 3600 },
    },
  });
}

export async function enqueueRun(queue: RunQueue, job: RunJob): Promise<void> {
  await queue.add("run", job, { jobId: job.runId });
}
