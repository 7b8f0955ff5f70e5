import { createCredential, listCredentials } from "@switchyard/db";
import { checkResolvedBaseUrl, credentialSchema } from "@/server/credential-input";
import { json, route } from "@/server/route";
import { db, env } from "@/server/services";

export const GET = route({ role: "VIEWER" }, async ({ workspaceId }) => ({ credentials: await listCredentials(db(), workspaceId) }));

export const POST = route({ role: "EDITOR", body: credentialSchema }, async ({ workspaceId, body }) => {
  await checkResolvedBaseUrl(body.baseUrl);
  return json({ credential: await createCredential(db(), workspaceId, body, env().SWITCHYARD_SECRET) }, 201);
});
