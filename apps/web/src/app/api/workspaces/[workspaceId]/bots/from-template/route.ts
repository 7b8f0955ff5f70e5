import { json, route } from "@/server/route";
import { createBotFromTemplate, fromTemplateSchema } from "@/server/new-bot";
import { db } from "@/server/services";

export const POST = route({ role: "EDITOR", body: fromTemplateSchema }, async ({ workspaceId, body }) =>
  json({ bot: await createBotFromTemplate(db(), workspaceId, body) }, 201),
);
