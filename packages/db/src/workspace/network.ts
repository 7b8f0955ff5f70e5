// What tool nodes may reach: the workspace's allowed hosts (see the SSRF guard in @switchyard/nodes)
// and the HTTP credentials their requests may carry. Credential values go in encrypted and come out
// only through readHttpCredentialHeader, for the worker that sends the request.
import { AppError, notFound } from "@switchyard/errors";
import type { Db } from "../client";
import { decryptSecret, encryptSecret } from "./credential-cipher";

export async function readAllowedHosts(db: Db, workspaceId: string): Promise<string[]> {
  const workspace = await db.workspace.findUnique({ where: { id: workspaceId }, select: { allowedHosts: true } });
  if (!workspace) throw notFound("Workspace");
  return workspace.allowedHosts;
}

export async function setAllowedHosts(db: Db, workspaceId: string, hosts: string[]): Promise<string[]> {
  const unique = [...new Set(hosts.map((host) => host.toLowerCase()))].sort();
  const workspace = await db.workspace.update({
    where: { id: workspaceId },
    data: { allowedHosts: unique },
    select: { allowedHosts: true },
  });
  return workspace.allowedHosts;
}

const publicFields = { id: true, name: true, headerName: true, allowedHosts: true, createdAt: true } as const;

export interface HttpCredentialInput {
  name: string;
  headerName: string;
  value: string;
  /** Hosts the header may be sent to; empty: any host. */
  allowedHosts?: string[];
}

export async function createHttpCredential(db: Db, workspaceId: string, input: HttpCredentialInput, masterSecret: string) {
  const existing = await db.httpCredential.findFirst({ where: { workspaceId, name: input.name }, select: { id: true } });
  if (existing) throw new AppError("CONFLICT", `An HTTP credential named "${input.name}" already exists`);
  return db.httpCredential.create({
    data: {
      workspaceId,
      name: input.name,
      headerName: input.headerName,
      valueCipher: encryptSecret(input.value, masterSecret),
      allowedHosts: [...new Set((input.allowedHosts ?? []).map((host) => host.toLowerCase()))],
    },
    select: publicFields,
  });
}

export function listHttpCredentials(db: Db, workspaceId: string) {
  return db.httpCredential.findMany({ where: { workspaceId }, select: publicFields, orderBy: { name: "asc" } });
}

export async function deleteHttpCredential(db: Db, workspaceId: string, credentialId: string) {
  const { count } = await db.httpCredential.deleteMany({ where: { id: credentialId, workspaceId } });
  if (!count) throw notFound("HTTP credential");
}

/** The decrypted header, for the worker sending the request. Never send this to a client or a trace. */
export async function readHttpCredentialHeader(db: Db, workspaceId: string, credentialId: string, masterSecret: string) {
  const row = await db.httpCredential.findFirst({ where: { id: credentialId, workspaceId } });
  if (!row) throw notFound("HTTP credential");
  return { name: row.headerName, value: decryptSecret(row.valueCipher, masterSecret), allowedHosts: row.allowedHosts };
}
