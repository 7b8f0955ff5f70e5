// "Test connection": lists the models the provider serves with the stored credential.
import { readCredentialSecret } from "@switchyard/db";
import { testConnection } from "@/server/credential-input";
import { route } from "@/server/route";
import { db, env } from "@/server/services";

export const GET = route({ role: "EDITOR" }, async ({ workspaceId, params }) =>
  testConnection(await readCredentialSecret(db(), workspaceId, params.credentialId!, env().SWITCHYARD_SECRET)),
);
