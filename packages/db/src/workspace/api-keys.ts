// Workspace API keys for the OpenAI-compatible API, the MCP endpoint and the evals API (CI). The key
// is shown once; only its SHA-256 is stored (keys are 256 random bits, so a fast hash is enough). The
// lookup by hash is plain SQL because it runs on every API request.
import { createHash, randomBytes } from "node:crypto";
import { notFound } from "@switchyard/errors";
import { dbPool, type Db } from "../client";

export const API_KEY_SCOPES = ["chat", "models", "evals", "mcp", "approvals"] as const;
export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];

const KEY_PREFIX = "sy_";

export const hashApiKey = (key: string) => createHash("sha256").update(key).digest("hex");

export interface ActiveApiKey {
  id: string;
  workspaceId: string;
  scopes: string[];
}

/** The unrevoked key with this secret, or null. */
export async function findActiveApiKey(db: Db, key: string): Promise<ActiveApiKey | null> {
  if (!key.startsWith(KEY_PREFIX)) return null;
  const { rows } = await dbPool(db).query<ActiveApiKey>(
    `SELECT id, "workspaceId", scopes FROM "ApiKey" WHERE "keyHash" = $1 AND "revokedAt" IS NULL`,
    [hashApiKey(key)],
  );
  return rows[0] ?? null;
}

/** How a workspace's key with this secret is named in traces (revoked or not), or null. */
export function findApiKeyName(db: Db, workspaceId: string, key: string) {
  return db.apiKey.findFirst({ where: { workspaceId, keyHash: hashApiKey(key) }, select: { name: true, prefix: true } });
}

export async function touchApiKey(db: Db, id: string): Promise<void> {
  await dbPool(db).query(`UPDATE "ApiKey" SET "lastUsedAt" = now() WHERE id = $1`, [id]);
}

const listFields = { id: true, name: true, prefix: true, scopes: true, lastUsedAt: true, revokedAt: true, createdAt: true } as const;

export function listApiKeys(db: Db, workspaceId: string) {
  return db.apiKey.findMany({ where: { workspaceId }, select: listFields, orderBy: { createdAt: "desc" } });
}

/** Creates a key and returns it with its secret, which is never readable again. */
export async function createApiKey(db: Db, workspaceId: string, input: { name: string; scopes: ApiKeyScope[]; createdById?: string }) {
  const secret = `${KEY_PREFIX}${randomBytes(32).toString("base64url")}`;
  const apiKey = await db.apiKey.create({
    data: {
      workspaceId,
      name: input.name,
      scopes: input.scopes,
      prefix: secret.slice(0, KEY_PREFIX.length + 6),
      keyHash: hashApiKey(secret),
      createdById: input.createdById,
    },
    select: listFields,
  });
  return { apiKey, secret };
}

export async function revokeApiKey(db: Db, workspaceId: string, id: string) {
  const { count } = await db.apiKey.updateMany({ where: { id, workspaceId, revokedAt: null }, data: { revokedAt: new Date() } });
  if (!count) throw notFound("API key");
}
