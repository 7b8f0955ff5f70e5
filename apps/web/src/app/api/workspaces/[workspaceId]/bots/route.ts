import { createBot, listBots } from "@switchyard/db";
import { emptyGraph, flowGraphSchema } from "@switchyard/engine";
import { z } from "zod";
import { json, route } from "@/server/route";
import { db } from "@/server/services";

// a search longer than any bot name could match nothing more: it is cut, not refused
const listQuerySchema = z.object({
  q: z
    .string()
    .optional()
    .transform((q) => q?.slice(0, 100) || undefined),
});

export const GET = route({ role: "VIEWER", query: listQuerySchema }, async ({ workspaceId, query }) => ({
  bots: await listBots(db(), workspaceId, query.q),
}));

const createBotSchema = z.object({
  name: z.string().trim().min(1, "Enter a name").max(100, "Use at most 100 characters"),
  description: z.string().max(2_000).optional(),
  graph: flowGraphSchema.optional(),
});

export const POST = route({ role: "EDITOR", body: createBotSchema, maxBodyBytes: 4 * 1024 * 1024 }, async ({ workspaceId, body }) => {
  const bot = await createBot(db(), workspaceId, { name: body.name, description: body.description, graph: body.graph ?? emptyGraph() });
  return json({ bot }, 201);
});
