// Reading the graph a bot-to-bot call runs (the Bot and For each nodes), scoped to the workspace: a
// bot of another workspace is "Bot not found", like one that does not exist. Also the save/publish
// check that no chain of calls loops or goes too deep.
import { checkBotCalls, flowGraphSchema, type BotOnPath, type BotRef, type FlowGraph, type NodeRegistry } from "@switchyard/engine";
import { notFound } from "@switchyard/errors";
import type { Db } from "../client";

export interface BotGraph {
  id: string;
  name: string;
  /** Names an immutable graph (a version, or one draft revision), for caching its compiled form. */
  graphKey: string;
  graph: FlowGraph;
}

/** The graph `ref` names; throws NOT_FOUND with a sentence when the bot or the version is missing. */
export async function readBotGraph(db: Db, workspaceId: string, ref: BotRef): Promise<BotGraph> {
  const bot = await db.bot.findFirst({
    where: { id: ref.botId, workspaceId },
    select: {
      id: true,
      name: true,
      draftGraph: ref.version === "draft",
      draftRevision: true,
      versions:
        ref.version === "draft"
          ? false
          : {
              where: ref.version === "latest" ? {} : { number: ref.version },
              orderBy: { number: "desc" },
              take: 1,
              select: { id: true, graph: true },
            },
    },
  });
  if (!bot) throw notFound("Bot");
  if (ref.version === "draft")
    return { id: bot.id, name: bot.name, graphKey: `draft:${bot.id}:${bot.draftRevision}`, graph: flowGraphSchema.parse(bot.draftGraph) };
  const version = bot.versions?.[0];
  if (!version)
    throw notFound(
      ref.version === "latest"
        ? `A published version of bot "${bot.name}" (publish it, or call its draft)`
        : `Version ${ref.version} of bot "${bot.name}"`,
    );
  return { id: bot.id, name: bot.name, graphKey: `version:${version.id}`, graph: flowGraphSchema.parse(version.graph) };
}

/** The names of bots by id, in the order given (an id not in the workspace keeps the id). */
export async function botPath(db: Db, workspaceId: string, ids: readonly string[]): Promise<BotOnPath[]> {
  const rows = await db.bot.findMany({ where: { id: { in: [...ids] }, workspaceId }, select: { id: true, name: true } });
  return ids.map((id) => ({ id, name: rows.find((row) => row.id === id)?.name ?? id }));
}

/** Problems (node + message with the path) for a graph of `bot` whose calls would loop or go deeper than allowed. */
export async function botCallProblems(db: Db, workspaceId: string, bot: BotOnPath, graph: FlowGraph, registry: NodeRegistry) {
  return checkBotCalls(bot, graph, registry, async (ref) => {
    // the graph being saved stands in for the stored draft of the same bot
    if (ref.botId === bot.id && ref.version === "draft") return { name: bot.name, graph };
    return readBotGraph(db, workspaceId, ref).catch((error: unknown) => {
      if ((error as { code?: string }).code === "NOT_FOUND") return null;
      throw error;
    });
  });
}
