import { deleteBot, getBot, updateBot } from "@switchyard/db";
import { z } from "zod";
import { forgetPublishedLookups } from "@/server/published";
import { route } from "@/server/route";
import { db } from "@/server/services";

export const GET = route({ role: "VIEWER" }, async ({ workspaceId, params }) => ({ bot: await getBot(db(), workspaceId, params.botId!) }));

const updateBotSchema = z
  .object({
    name: z.string().trim().min(1, "Enter a name").max(100, "Use at most 100 characters").optional(),
    description: z.string().max(2_000).optional(),
  })
  .refine((value) => value.name !== undefined || value.description !== undefined, "Nothing to change");

export const PATCH = route({ role: "EDITOR", body: updateBotSchema }, async ({ workspaceId, params, body }) => {
  const bot = await updateBot(db(), workspaceId, params.botId!, body);
  return { bot: { id: bot.id, name: bot.name, description: bot.description, updatedAt: bot.updatedAt } };
});

export const DELETE = route({ role: "EDITOR" }, async ({ workspaceId, params }) => {
  await deleteBot(db(), workspaceId, params.botId!);
  forgetPublishedLookups(); // its deployments went with it
  return { ok: true };
});
