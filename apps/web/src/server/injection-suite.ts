// "Run injection suite": the built-in prompt-injection dataset, run against a bot's draft (saved as a
// version when it differs from the latest, as eval runs pin versions) with the prompt-injection
// evaluator, in one eval run. Its items run with their case's hostile text planted in a tool result.
import { ensureBuiltInDataset, getBot } from "@switchyard/db";
import { flowGraphSchema } from "@switchyard/engine";
import { AppError } from "@switchyard/errors";
import { evalRunInputSchema, injectionDataset } from "@switchyard/evals";
import { z } from "zod";
import { db } from "./services";
import { startEvalRunFromInput } from "./start-eval-run";

export const injectionSuiteInputSchema = z.object({
  concurrency: z.number().int().min(1).max(16).default(4),
});

export async function startInjectionSuite(
  workspaceId: string,
  botId: string,
  input: z.infer<typeof injectionSuiteInputSchema>,
  userId: string | undefined,
) {
  const bot = await getBot(db(), workspaceId, botId);
  const graph = flowGraphSchema.safeParse(bot.draftGraph);
  if (!graph.success || !graph.data.nodes.some((node) => node.type === "agent"))
    throw new AppError("BAD_REQUEST", "The injection suite attacks an agent's tool results: this bot's flow has no Agent node");
  const { datasetId } = await ensureBuiltInDataset(db(), workspaceId, injectionDataset);
  const body = evalRunInputSchema.parse({
    name: "Prompt-injection suite",
    botId,
    draft: true,
    datasetId,
    variants: [{ key: "current", label: "As built", overrides: {} }],
    evaluators: [{ id: "injection", kind: "prompt_injection" }],
    concurrency: input.concurrency,
    // every case must reach the model: a cached answer would replay an earlier flow's behaviour
    useCache: false,
  });
  const { evalRun, target } = await startEvalRunFromInput(workspaceId, body, userId);
  return { evalRun: { id: evalRun.id, status: evalRun.status, total: evalRun.total }, savedVersion: target.savedVersion };
}
