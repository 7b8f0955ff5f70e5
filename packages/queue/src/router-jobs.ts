// The router-training queue contract: the web app enqueues one job per learned router; a worker trains
// it from its eval run's results (packages/runner/src/router-training.ts).
import { Queue, type ConnectionOptions } from "bullmq";
import { z } from "zod";
import { bullPrefix } from "./redis";

export const ROUTER_TRAINING_QUEUE = "router-training";

export const routerTrainingJobSchema = z.object({ workspaceId: z.string(), routerId: z.string() });

export type RouterTrainingJob = z.infer<typeof routerTrainingJobSchema>;

export function createRouterTrainingQueue(connection: ConnectionOptions) {
  return new Queue<RouterTrainingJob>(ROUTER_TRAINING_QUEUE, {
    connection,
    prefix: bullPrefix(),
    defaultJobOptions: {
      // infrastructure failures are retried; data a router cannot be learned from is a result (FAILED)
      attempts: 3,
      backoff: { type: "exponential", delay: 1_000 },
      removeOnComplete: true,
      removeOnFail: { age: 24 * 3600 },
    },
  });
}

export async function enqueueRouterTraining(queue: Queue<RouterTrainingJob>, job: RouterTrainingJob): Promise<void> {
  await queue.add("train", job, { jobId: job.routerId });
}
