// What the MCP endpoint and the hosted chat page read about deployments: each deployment of a workspace
// as a tool, and a deployment's chat page while its share link is on.
import { dbPool, type Db } from "../client";

export interface DeploymentTool {
  slug: string;
  botName: string;
  mcpDescription: string | null;
}

/** Every deployment of the workspace, by slug (tool names must be stable and sorted for clients that cache lists). */
export async function listDeploymentTools(db: Db, workspaceId: string): Promise<DeploymentTool[]> {
  const { rows } = await dbPool(db).query<DeploymentTool>(
    `SELECT d.slug, b.name AS "botName", d."mcpDescription"
       FROM "Deployment" d JOIN "Bot" b ON b.id = d."botId"
      WHERE d."workspaceId" = $1
      ORDER BY d.slug`,
    [workspaceId],
  );
  return rows;
}

export interface SharedChat {
  publicId: string;
  botName: string;
  chatTitle: string | null;
  chatGreeting: string | null;
  chatAccent: string | null;
  chatTheme: string | null;
}

/** The chat page of a deployment whose share link is on, or null (off, or no such deployment: both a 404). */
export async function findSharedChat(db: Db, publicId: string): Promise<SharedChat | null> {
  const { rows } = await dbPool(db).query<SharedChat>(
    `SELECT d."publicId", b.name AS "botName", d."chatTitle", d."chatGreeting", d."chatAccent", d."chatTheme"
       FROM "Deployment" d JOIN "Bot" b ON b.id = d."botId"
      WHERE d."publicId" = $1 AND d."shareEnabled"`,
    [publicId],
  );
  return rows[0] ?? null;
}
