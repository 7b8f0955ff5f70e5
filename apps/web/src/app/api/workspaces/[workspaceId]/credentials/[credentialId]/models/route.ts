// "Test connection": lists the models the provider serves with the stored credential.
import { readCredentialSecret } from "@switchyard/db";
import { AppError } from "@switchyard/errors";
import { ConnectionTestError, listProviderModels } from "@switchyard/providers";
import { route } from "@/server/route";
import { db, env } from "@/server/services";

export const GET = route({ role: "EDITOR" }, async ({ workspaceId, params }) => {
  const credential = await readCredentialSecret(db(), workspaceId, params.credentialId!, env().SWITCHYARD_SECRET);
  try {
    return { models: await listProviderModels(credential) };
  } catch (error) {
    if (error instanceof ConnectionTestError) throw new AppError("BAD_REQUEST", error.message);
    throw error;
  }
});
