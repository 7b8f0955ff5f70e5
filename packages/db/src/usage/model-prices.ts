// A workspace's own model prices (USD per million tokens), which replace the catalog's list prices
// when its runs are costed.
import { notFound } from "@switchyard/errors";
import { z } from "zod";
import type { Db } from "../client";

export const modelPriceInputSchema = z.object({
  provider: z.enum(["OPENAI", "ANTHROPIC", "GOOGLE", "MISTRAL", "OPENAI_COMPATIBLE", "OLLAMA"]),
  model: z.string().trim().min(1, "Name the model").max(200),
  inputPerMillion: z.number().nonnegative("Prices cannot be negative").max(10_000, "That is more than $10,000 per million tokens"),
  outputPerMillion: z.number().nonnegative("Prices cannot be negative").max(10_000, "That is more than $10,000 per million tokens"),
});

export type ModelPriceInput = z.infer<typeof modelPriceInputSchema>;

export function listModelPrices(db: Db, workspaceId: string) {
  return db.modelPrice.findMany({
    where: { workspaceId },
    select: { provider: true, model: true, inputPerMillion: true, outputPerMillion: true, updatedAt: true },
    orderBy: [{ provider: "asc" }, { model: "asc" }],
  });
}

export function setModelPrice(db: Db, workspaceId: string, price: ModelPriceInput) {
  const { provider, model, inputPerMillion, outputPerMillion } = price;
  return db.modelPrice.upsert({
    where: { workspaceId_provider_model: { workspaceId, provider, model } },
    create: { workspaceId, provider, model, inputPerMillion, outputPerMillion },
    update: { inputPerMillion, outputPerMillion },
  });
}

export async function deleteModelPrice(db: Db, workspaceId: string, key: Pick<ModelPriceInput, "provider" | "model">) {
  const { count } = await db.modelPrice.deleteMany({ where: { workspaceId, provider: key.provider, model: key.model } });
  if (!count) throw notFound("Price");
}
