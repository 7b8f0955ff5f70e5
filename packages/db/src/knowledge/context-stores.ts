// Context stores and their documents. Every function takes the workspace id: a store or document id
// from another workspace behaves exactly like one that does not exist.
import { AppError, notFound } from "@switchyard/errors";
import type { Db } from "../client";
import type { DocumentStatus } from "../generated/prisma/enums";

const storeFields = { id: true, name: true, chunkSize: true, chunkOverlap: true, createdAt: true, updatedAt: true } as const;
const documentFields = {
  id: true,
  name: true,
  mimeType: true,
  bytes: true,
  status: true,
  error: true,
  progress: true,
  chunkCount: true,
  createdAt: true,
} as const;

export interface StoreInput {
  name: string;
  chunkSize?: number;
  chunkOverlap?: number;
}

export async function listStores(db: Db, workspaceId: string) {
  const stores = await db.contextStore.findMany({
    where: { workspaceId },
    select: { ...storeFields, _count: { select: { documents: true, chunks: true } } },
    orderBy: { name: "asc" },
  });
  return stores.map(({ _count, ...store }) => ({ ...store, documentCount: _count.documents, chunkCount: _count.chunks }));
}

export function createStore(db: Db, workspaceId: string, input: StoreInput) {
  return db.contextStore.create({ data: { workspaceId, ...input }, select: storeFields });
}

export async function getStore(db: Db, workspaceId: string, storeId: string) {
  const store = await db.contextStore.findFirst({
    where: { id: storeId, workspaceId },
    select: { ...storeFields, documents: { select: documentFields, orderBy: { createdAt: "asc" } } },
  });
  if (!store) throw notFound("Context store");
  return store;
}

export async function updateStore(db: Db, workspaceId: string, storeId: string, input: Partial<StoreInput>) {
  const { count } = await db.contextStore.updateMany({ where: { id: storeId, workspaceId }, data: input });
  if (!count) throw notFound("Context store");
  return getStore(db, workspaceId, storeId);
}

export async function deleteStore(db: Db, workspaceId: string, storeId: string) {
  const { count } = await db.contextStore.deleteMany({ where: { id: storeId, workspaceId } });
  if (!count) throw notFound("Context store");
}

export async function addDocument(
  db: Db,
  workspaceId: string,
  storeId: string,
  input: { name: string; mimeType: string; content: Uint8Array<ArrayBuffer> },
) {
  await getStoreSettings(db, workspaceId, storeId);
  return db.document.create({
    data: { storeId, name: input.name, mimeType: input.mimeType, bytes: input.content.byteLength, content: input.content },
    select: documentFields,
  });
}

export async function deleteDocument(db: Db, workspaceId: string, storeId: string, documentId: string) {
  const { count } = await db.document.deleteMany({ where: { id: documentId, storeId, store: { workspaceId } } });
  if (!count) throw notFound("Document");
  await db.contextStore.update({ where: { id: storeId }, data: { updatedAt: new Date() } }); // its chunks went too
}

/** Puts a document back in the queue's hands: pending, no progress, no error. */
export async function resetDocument(db: Db, workspaceId: string, storeId: string, documentId: string) {
  const { count } = await db.document.updateMany({
    where: { id: documentId, storeId, store: { workspaceId } },
    data: { status: "PENDING", progress: 0, error: null },
  });
  if (!count) throw notFound("Document");
}

async function getStoreSettings(db: Db, workspaceId: string, storeId: string) {
  const store = await db.contextStore.findFirst({ where: { id: storeId, workspaceId }, select: { chunkSize: true, chunkOverlap: true } });
  if (!store) throw notFound("Context store");
  return store;
}

/** What ingestion needs: the file, the store's chunking settings and the workspace's embedding model. */
export async function readDocumentForIngestion(db: Db, workspaceId: string, documentId: string) {
  const document = await db.document.findFirst({
    where: { id: documentId, store: { workspaceId } },
    select: {
      id: true,
      storeId: true,
      name: true,
      mimeType: true,
      content: true,
      store: { select: { chunkSize: true, chunkOverlap: true } },
    },
  });
  if (!document) throw notFound("Document");
  return document;
}

export async function setDocumentState(
  db: Db,
  documentId: string,
  state: { status: DocumentStatus; progress: number; error?: string | null; chunkCount?: number },
) {
  await db.document.updateMany({ where: { id: documentId }, data: state });
}

export interface EmbeddingSettings {
  credentialId: string;
  model: string;
}

export async function getEmbeddingSettings(db: Db, workspaceId: string): Promise<EmbeddingSettings | null> {
  const workspace = await db.workspace.findUnique({
    where: { id: workspaceId },
    select: { embeddingCredentialId: true, embeddingModel: true },
  });
  if (!workspace) throw notFound("Workspace");
  const { embeddingCredentialId: credentialId, embeddingModel: model } = workspace;
  return credentialId && model ? { credentialId, model } : null;
}

/** `null` turns embeddings off; retrieval then uses full-text search alone. */
export async function setEmbeddingSettings(db: Db, workspaceId: string, settings: EmbeddingSettings | null) {
  if (settings) {
    const credential = await db.providerCredential.findFirst({ where: { id: settings.credentialId, workspaceId }, select: { kind: true } });
    if (!credential) throw notFound("Credential");
    if (credential.kind === "ANTHROPIC") throw new AppError("BAD_REQUEST", "Anthropic offers no embedding models; choose another provider");
  }
  await db.workspace.update({
    where: { id: workspaceId },
    data: { embeddingCredentialId: settings?.credentialId ?? null, embeddingModel: settings?.model ?? null },
  });
  return settings;
}
