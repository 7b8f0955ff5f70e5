// The workspace's embedding model, resolved to a decrypted credential. Both ingestion and retrieval
// need it, and retrieval must not pay a database round trip and a decryption per query.
import { decryptSecret, getEmbeddingSettings, type Db } from "@switchyard/db";
import { notFound } from "@switchyard/errors";
import type { ProviderCredential } from "@switchyard/providers";

export interface EmbeddingTarget {
  credentialId: string;
  credential: ProviderCredential;
  model: string;
}

export async function loadEmbeddingTarget(db: Db, workspaceId: string, masterSecret: string): Promise<EmbeddingTarget | null> {
  const settings = await getEmbeddingSettings(db, workspaceId);
  if (!settings) return null;
  const row = await db.providerCredential.findFirst({ where: { id: settings.credentialId, workspaceId } });
  if (!row) throw notFound("The embedding model's provider credential");
  return {
    credentialId: settings.credentialId,
    model: settings.model,
    credential: {
      kind: row.kind,
      baseUrl: row.baseUrl,
      apiKey: row.apiKeyCipher ? decryptSecret(row.apiKeyCipher, masterSecret) : undefined,
    },
  };
}

/** What gets embedded for a chunk: its heading gives a short chunk its context. */
export const embeddingText = (chunk: { heading: string | null; content: string }) =>
  chunk.heading ? `${chunk.heading}\n\n${chunk.content}` : chunk.content;
