// Conversation memory: the turns of earlier runs in a session and the running summary a Memory node
// keeps of them. Always scoped by workspace; a session id alone finds nothing.
import type { Db } from "../client";

/**
 * Where a conversation happens. A run's session id is its conversation key: the channel, what it
 * talks to (deployment or bot) and who is talking (a server-minted widget session, an API key and
 * its caller's `user` or MCP `sessionId`, an editor's user and chat thread), so the same id sent through another
 * channel, deployment, key or account names another conversation.
 */
export type ConversationChannel =
  | { channel: "widget"; deploymentId: string; widgetSessionId: string }
  | { channel: "api"; deploymentId: string; apiKeyId: string; user: string }
  | { channel: "mcp"; deploymentId: string; apiKeyId: string; sessionId: string }
  | { channel: "editor"; botId: string; userId: string; thread: string };

export function conversationKey(where: ConversationChannel): string {
  switch (where.channel) {
    case "widget":
      return `widget:${where.deploymentId}:${where.widgetSessionId}`;
    case "api":
      return `api:${where.deploymentId}:${where.apiKeyId}:${where.user}`;
    case "mcp":
      return `mcp:${where.deploymentId}:${where.apiKeyId}:${where.sessionId}`;
    case "editor":
      return `editor:${where.botId}:${where.userId}:${where.thread}`;
  }
}

export interface ConversationTurn {
  message: string;
  reply: string;
  at: Date;
}

/** Finished runs of the session other than `excludeRunId`, newest `limit` of them (after `since`), oldest first. */
export async function listConversationTurns(
  db: Db,
  workspaceId: string,
  sessionId: string,
  options: { limit: number; excludeRunId: string; since?: Date },
): Promise<ConversationTurn[]> {
  const runs = await db.run.findMany({
    where: {
      workspaceId,
      sessionId,
      status: "SUCCEEDED",
      id: { not: options.excludeRunId },
      ...(options.since ? { createdAt: { gt: options.since } } : {}),
    },
    select: { input: true, output: true, createdAt: true },
    orderBy: { createdAt: "desc" },
    take: options.limit,
  });
  return runs.reverse().map((run) => ({
    message: String((run.input as { message?: unknown } | null)?.message ?? ""),
    reply: String((run.output as { text?: unknown } | null)?.text ?? ""),
    at: run.createdAt,
  }));
}

export function readConversationSummary(db: Db, workspaceId: string, sessionId: string) {
  return db.conversationSummary.findUnique({
    where: { workspaceId_sessionId: { workspaceId, sessionId } },
    select: { summary: true, coveredUntil: true },
  });
}

export async function saveConversationSummary(db: Db, workspaceId: string, sessionId: string, summary: string, coveredUntil: Date) {
  await db.conversationSummary.upsert({
    where: { workspaceId_sessionId: { workspaceId, sessionId } },
    create: { workspaceId, sessionId, summary, coveredUntil },
    update: { summary, coveredUntil },
  });
}
