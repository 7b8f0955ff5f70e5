// What a client (the UI, or CI over HTTP) sends to start an eval run.
import { z } from "zod";
import { datasetRowSchema } from "./dataset-import";
import { evaluatorSchema } from "./evaluators";
import { variantsSchema } from "./variants";

export const evalRunInputSchema = z.object({
  name: z.string().trim().max(200).default(""),
  botId: z.string().min(1, "Choose a bot"),
  /** A published version's number; without it, the latest version. */
  version: z.number().int().positive().optional(),
  datasetId: z.string().min(1, "Choose a dataset"),
  /** Without it, the dataset's latest version. */
  datasetVersion: z.number().int().positive().optional(),
  variants: variantsSchema,
  evaluators: z
    .array(evaluatorSchema)
    .max(12, "An eval run has at most 12 evaluators")
    .refine((evaluators) => new Set(evaluators.map((evaluator) => evaluator.id)).size === evaluators.length, "Evaluator ids must differ"),
  concurrency: z.number().int().min(1).max(64).default(8),
  /** Answer model calls seen before (same request, same credential and model) from the response cache. */
  useCache: z.boolean().default(true),
});
export type EvalRunInput = z.infer<typeof evalRunInputSchema>;

export const swapModelInputSchema = z.object({
  nodeId: z.string().min(1),
  /** The new model's provider credential; without it, the node's current one. */
  credentialId: z.string().min(1).optional(),
  model: z.string().trim().min(1, "Choose the new model").max(200),
  concurrency: z.number().int().min(1).max(64).default(8),
});

export const datasetInputSchema = z.object({
  name: z.string().trim().min(1, "Name the dataset").max(200),
  description: z.string().max(2_000).optional(),
  rows: z.array(datasetRowSchema).min(1, "A dataset needs at least one row").max(10_000, "A dataset holds at most 10000 rows"),
});
