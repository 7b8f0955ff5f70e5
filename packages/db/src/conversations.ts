// Conversation memory: the turns of earlier runs in a session and the running summary a Memory node
// keeps of them. Always scoped by workspace; a session id alone finds nothing.
import type { Db } from "./client";

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
