// "Test connection" before saving: the models a provider serves with what the user typed; nothing is stored.
import { credentialSchema, testConnection } from "@/server/credential-input";
import { route } from "@/server/route";

export const POST = route({ role: "EDITOR", body: credentialSchema.omit({ name: true }) }, async ({ body }) => testConnection(body));
