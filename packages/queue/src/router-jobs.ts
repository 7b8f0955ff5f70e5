// The router-training queue contract: the web app enqueues one job per learned router; a worker trains
// it from its eval run's results (packages/runner/src/router-training.ts).
import type { Queue, ConnectionOptions } from "bullmq";
import { z } from "zod";
import { createBackgroundQueue } from "./background-queue";

export const ROUTER_TRAINING_QUEUE = "router-training";

export const routerTrainingJobSchema = z.object({
  workspaceId: z.string(),
  routerId: z.string(),
  /** The eval run's evaluator (regex or JSON) whose verdicts teach the router a verify line, if any. */
  verifierEvaluatorId: z.string().optional(),
  /**
   * Or self-consistency: `samples` of the cheaper model's repeats in the eval run must agree. Checked at
   * the API (`selfConsistencyVerifierSchema` of @switchyard/evals, which the queue does not depend on).
   */
  selfConsistency: z.object({ kind: z.literal("self_consistency"), samples: z.number().int().min(2) }).optional(),
});

export type RouterTrainingJob = z.infer<typeof routerTrainingJobSchema>;

export function createRouterTrainingQueue(connection: ConnectionOptions) {
  return createBackgroundQueue<RouterTrainingJob>(ROUTER_TRAINING_QUEUE, connection);
}

export async function enqueueRouterTraining(queue: Queue<RouterTrainingJob>, job: RouterTrainingJob): Promise<void> {
  await queue.add("train", job, { jobId: job.routerId });
}
