// Bots and their draft graphs. Every function takes the workspace id: a bot id from another
// workspace behaves exactly like an id that does not exist.
import { AppError, notFound } from "@switchyard/errors";
import { isDeepStrictEqual } from "node:util";
import type { Db } from "../client";
import type { Prisma } from "../generated/prisma/client";

const listFields = { id: true, name: true, description: true, createdAt: true, updatedAt: true } as const;
const versionFields = { id: true, number: true, note: true, createdAt: true } as const;

export function listBots(db: Db, workspaceId: string, search?: string) {
  return db.bot.findMany({
    where: { workspaceId, ...(search ? { name: { contains: search, mode: "insensitive" } } : {}) },
    select: listFields,
    orderBy: { updatedAt: "desc" },
    take: 500,
  });
}

export async function getBot(db: Db, workspaceId: string, botId: string) {
  const bot = await db.bot.findFirst({ where: { id: botId, workspaceId } });
  if (!bot) throw notFound("Bot");
  return bot;
}

export function createBot(db: Db, workspaceId: string, input: { name: string; description?: string; graph: object }) {
  return db.bot.create({
    data: { workspaceId, name: input.name, description: input.description ?? "", draftGraph: input.graph as Prisma.InputJsonValue },
    select: listFields,
  });
}

/**
 * A bot whose flow reads a context store made for it (a knowledge-base template): both or neither, so
 * a failed create leaves no orphaned empty store behind.
 */
export function createBotWithNewStore(
  db: Db,
  workspaceId: string,
  input: { name: string; description?: string; storeName: string; graph: (storeId: string) => object },
) {
  return db.$transaction(async (tx) => {
    const store = await tx.contextStore.create({ data: { workspaceId, name: input.storeName }, select: { id: true } });
    return tx.bot.create({
      data: {
        workspaceId,
        name: input.name,
        description: input.description ?? "",
        draftGraph: input.graph(store.id) as Prisma.InputJsonValue,
      },
      select: listFields,
    });
  });
}

export async function updateBot(db: Db, workspaceId: string, botId: string, input: { name?: string; description?: string }) {
  const { count } = await db.bot.updateMany({ where: { id: botId, workspaceId }, data: input });
  if (!count) throw notFound("Bot");
  return getBot(db, workspaceId, botId);
}

/**
 * Saves a draft graph only if the caller saw the latest revision, so two tabs editing the same bot
 * never silently overwrite each other.
 */
export async function saveDraft(db: Db, workspaceId: string, botId: string, graph: object, baseRevision: number) {
  const { count } = await db.bot.updateMany({
    where: { id: botId, workspaceId, draftRevision: baseRevision },
    data: { draftGraph: graph as Prisma.InputJsonValue, draftRevision: { increment: 1 } },
  });
  if (!count) {
    const current = await getBot(db, workspaceId, botId);
    throw new AppError(
      "CONFLICT",
      `This bot was changed elsewhere (revision ${current.draftRevision}, you edited ${baseRevision}); reload to see the latest version`,
    );
  }
  return { revision: baseRevision + 1 };
}

export async function duplicateBot(db: Db, workspaceId: string, botId: string) {
  const source = await getBot(db, workspaceId, botId);
  return createBot(db, workspaceId, {
    name: `${source.name} (copy)`,
    description: source.description,
    graph: source.draftGraph as object,
  });
}

export async function deleteBot(db: Db, workspaceId: string, botId: string) {
  const { count } = await db.bot.deleteMany({ where: { id: botId, workspaceId } });
  if (!count) throw notFound("Bot");
}

/**
 * Saves the draft (or `graph`, a flow file CI measures) as the bot's next numbered version. Versions
 * never change afterwards. Publishes of one bot are serialised on its row: optimistic retries on the
 * unique number ran out when five publishes raced (seen behind PgBouncer). With `unlessUnchanged`, a
 * flow identical to the latest version saves nothing and that version comes back (`reused`): an eval
 * of the draft already saved it, and a second identical version only makes people wonder what changed.
 */
export async function publishVersion(
  db: Db,
  workspaceId: string,
  botId: string,
  input: { note?: string; createdById?: string; graph?: object; unlessUnchanged?: boolean },
) {
  const bot = await getBot(db, workspaceId, botId);
  const graph = input.graph ?? bot.draftGraph;
  return db.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT 1 FROM "Bot" WHERE "id" = ${botId} FOR UPDATE`;
    const latest = await tx.botVersion.findFirst({
      where: { botId },
      orderBy: { number: "desc" },
      select: { ...versionFields, graph: Boolean(input.unlessUnchanged) },
    });
    if (latest && input.unlessUnchanged && isDeepStrictEqual(latest.graph, graph))
      return { id: latest.id, number: latest.number, note: latest.note, createdAt: latest.createdAt, reused: true };
    const version = await tx.botVersion.create({
      data: {
        botId,
        number: (latest?.number ?? 0) + 1,
        graph: graph as Prisma.InputJsonValue,
        note: input.note ?? "",
        createdById: input.createdById,
      },
      select: versionFields,
    });
    return { ...version, reused: false };
  });
}

export async function getVersion(db: Db, workspaceId: string, botId: string, number: number) {
  const version = await db.botVersion.findFirst({ where: { botId, number, bot: { workspaceId } } });
  if (!version) throw notFound("Version");
  return version;
}

export function listVersions(db: Db, workspaceId: string, botId: string) {
  return db.botVersion.findMany({
    where: { botId, bot: { workspaceId } },
    orderBy: { number: "desc" },
    select: { id: true, number: true, note: true, createdAt: true },
  });
}

/** A version's graph by id, within its bot and workspace. */
export async function getVersionGraph(db: Db, workspaceId: string, botId: string, versionId: string) {
  const version = await db.botVersion.findFirst({ where: { id: versionId, botId, bot: { workspaceId } }, select: { graph: true } });
  if (!version) throw notFound("Version");
  return version.graph;
}

/** Version `number` of the bot, or its latest when no number is given; null when there is none. */
export function findVersion(db: Db, workspaceId: string, botId: string, number?: number) {
  return db.botVersion.findFirst({
    where: { botId, bot: { workspaceId }, ...(number ? { number } : {}) },
    orderBy: { number: "desc" },
    select: { id: true, number: true, graph: true },
  });
}

/** The bots an eval form or dataset page offers: name, default dataset and publishing gate. */
export function listBotsForEvals(db: Db, workspaceId: string) {
  return db.bot.findMany({
    where: { workspaceId },
    select: { id: true, name: true, defaultDatasetId: true, requireEvalsToPublish: true },
    orderBy: { name: "asc" },
    take: 500,
  });
}

/** The bots a new eval run can measure, most recently edited first, with their recent versions' graphs. */
export function listBotsWithRecentVersions(db: Db, workspaceId: string) {
  return db.bot.findMany({
    where: { workspaceId },
    orderBy: { updatedAt: "desc" },
    take: 200,
    select: {
      id: true,
      name: true,
      defaultDatasetId: true,
      draftGraph: true,
      versions: { orderBy: { number: "desc" }, take: 20, select: { number: true, graph: true } },
    },
  });
}

/** The names of these bots of the workspace, by id (ids of other workspaces' bots are left out). */
export async function botNames(db: Db, workspaceId: string, botIds: string[]): Promise<Record<string, string>> {
  const bots = await db.bot.findMany({ where: { workspaceId, id: { in: botIds } }, select: { id: true, name: true } });
  return Object.fromEntries(bots.map((bot) => [bot.id, bot.name]));
}

/** Bots whose draft has an Agent node (what the prompt-injection suite can attack), newest first. */
export function listAgentBots(db: Db, workspaceId: string) {
  return db.bot.findMany({
    // jsonb containment: some element of `nodes` has type "agent"
    where: { workspaceId, draftGraph: { path: ["nodes"], array_contains: [{ type: "agent" }] } },
    select: { id: true, name: true },
    orderBy: { updatedAt: "desc" },
    take: 200,
  });
}
