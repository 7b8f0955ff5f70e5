import { API_KEY_SCOPES, createApiKey, listApiKeys } from "@switchyard/db";
import { z } from "zod";
import { json, route } from "@/server/route";
import { db } from "@/server/services";

const createKeySchema = z.object({
  name: z.string().trim().min(1, "Name the key").max(80),
  scopes: z.array(z.enum(API_KEY_SCOPES, { error: `Scopes are ${API_KEY_SCOPES.join(", ")}` })).min(1, "Choose at least one scope"),
});

export const GET = route({ role: "VIEWER" }, async ({ workspaceId }) => ({ apiKeys: await listApiKeys(db(), workspaceId) }));

// The secret is in this answer and nowhere else, ever.
export const POST = route({ role: "EDITOR", body: createKeySchema }, async ({ workspaceId, body, user }) =>
  json(await createApiKey(db(), workspaceId, { name: body.name, scopes: [...new Set(body.scopes)], createdById: user.id }), 201),
);
