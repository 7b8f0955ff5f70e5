// Provider credentials. Keys go in encrypted and never come back out through a list or a read;
// only the worker that calls the provider decrypts them.
import { notFound } from "@switchyard/errors";
import type { Db } from "../client";
import { decryptSecret, encryptSecret } from "./credential-cipher";
import type { ProviderKind } from "../generated/prisma/enums";

const publicFields = { id: true, name: true, kind: true, baseUrl: true, createdAt: true, updatedAt: true, apiKeyCipher: true } as const;

type StoredCredential = { apiKeyCipher: string | null } & Record<string, unknown>;
const withoutKey = <T extends StoredCredential>({ apiKeyCipher, ...rest }: T) => ({ ...rest, hasApiKey: apiKeyCipher !== null });

export interface CredentialInput {
  name: string;
  kind: ProviderKind;
  baseUrl?: string;
  apiKey?: string;
}

export async function createCredential(db: Db, workspaceId: string, input: CredentialInput, masterSecret: string) {
  const created = await db.providerCredential.create({
    data: {
      workspaceId,
      name: input.name,
      kind: input.kind,
      baseUrl: input.baseUrl,
      apiKeyCipher: input.apiKey ? encryptSecret(input.apiKey, masterSecret) : null,
    },
    select: publicFields,
  });
  return withoutKey(created);
}

export async function listCredentials(db: Db, workspaceId: string) {
  const rows = await db.providerCredential.findMany({ where: { workspaceId }, select: publicFields, orderBy: { name: "asc" } });
  return rows.map(withoutKey);
}

export async function deleteCredential(db: Db, workspaceId: string, credentialId: string) {
  const { count } = await db.providerCredential.deleteMany({ where: { id: credentialId, workspaceId } });
  if (!count) throw notFound("Credential");
}

/** The decrypted credential, for the code that calls the provider. Never send this to a client. */
export async function readCredentialSecret(db: Db, workspaceId: string, credentialId: string, masterSecret: string) {
  const row = await db.providerCredential.findFirst({ where: { id: credentialId, workspaceId } });
  if (!row) throw notFound("Credential");
  return { kind: row.kind, baseUrl: row.baseUrl, apiKey: row.apiKeyCipher ? decryptSecret(row.apiKeyCipher, masterSecret) : undefined };
}

/** Whether the workspace has this provider credential (another workspace's id is simply absent). */
export async function credentialExists(db: Db, workspaceId: string, credentialId: string) {
  return (await db.providerCredential.count({ where: { id: credentialId, workspaceId } })) > 0;
}
