import { createBot, listBots } from "@switchyard/db";
import { emptyGraph, flowGraphSchema } from "@switchyard/engine";
import { z } from "zod";
import { json, route } from "@/server/route";
import { db } from "@/server/services";

export const GET = route({ role: "VIEWER" }, async ({ workspaceId, request }) => {
  const search = request.nextUrl.searchParams.get("q")?.slice(0, 100) || undefined;
  return { bots: await listBots(db(), workspaceId, search) };
});

const createBotSchema = z.object({
  name: z.string().trim().min(1, "Enter a name").max(100, "Use at most 100 characters"),
  description: z.string().max(2_000).optional(),
  graph: flowGraphSchema.optional(),
});

export const POST = route({ role: "EDITOR", body: createBotSchema, maxBodyBytes: 4 * 1024 * 1024 }, async ({ workspaceId, body }) => {
  const bot = await createBot(db(), workspaceId, { name: body.name, description: body.description, graph: body.graph ?? emptyGraph() });
  return json({ bot }, 201);
});
