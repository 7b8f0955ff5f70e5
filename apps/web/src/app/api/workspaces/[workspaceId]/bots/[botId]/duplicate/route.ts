import { duplicateBot } from "@switchyard/db";
import { json, route } from "@/server/route";
import { db } from "@/server/services";

export const POST = route({ role: "EDITOR" }, async ({ workspaceId, params }) =>
  json({ bot: await duplicateBot(db(), workspaceId, params.botId!) }, 201),
);
