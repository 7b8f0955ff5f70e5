import { createCredential, listCredentials } from "@switchyard/db";
import { z } from "zod";
import { json, route } from "@/server/route";
import { db, env } from "@/server/services";

export const GET = route({ role: "VIEWER" }, async ({ workspaceId }) => ({ credentials: await listCredentials(db(), workspaceId) }));

const credentialSchema = z.object({
  name: z.string().trim().min(1, "Enter a name").max(80),
  kind: z.enum(["OPENAI", "ANTHROPIC", "GOOGLE", "MISTRAL", "OPENAI_COMPATIBLE", "OLLAMA"]),
  baseUrl: z.string().trim().url("Base URL must be a full URL such as http://localhost:11434").max(500).optional(),
  apiKey: z.string().trim().min(1).max(4_000).optional(),
});

export const POST = route({ role: "EDITOR", body: credentialSchema }, async ({ workspaceId, body }) =>
  json({ credential: await createCredential(db(), workspaceId, body, env().SWITCHYARD_SECRET) }, 201),
);
