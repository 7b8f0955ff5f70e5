// Deployments: a bot version published under a public id (the widget) and a slug (the API). The
// public lookups sit on the hot path of every published chat message, so they are plain SQL.
import { randomBytes } from "node:crypto";
import { notFound } from "@switchyard/errors";
import { dbPool, type Db } from "../client";
import { queryNamed } from "../named-statements";

/** What serving a published message needs to know about its deployment. */
export interface LiveDeployment {
  id: string;
  workspaceId: string;
  botId: string;
  botVersionId: string;
  slug: string;
  allowedOrigins: string[];
  /** The hosted chat page is on: the app's own origin may then call the widget's endpoints too. */
  shareEnabled: boolean;
}

const liveFields = `d.id, d."workspaceId", d."botId", d."botVersionId", d.slug, d."allowedOrigins", d."shareEnabled"`;

export async function findDeploymentByPublicId(db: Db, publicId: string): Promise<LiveDeployment | null> {
  const { rows } = await dbPool(db).query<LiveDeployment>(`SELECT ${liveFields} FROM "Deployment" d WHERE d."publicId" = $1`, [publicId]);
  return rows[0] ?? null;
}

export async function findDeploymentBySlug(db: Db, workspaceId: string, slug: string): Promise<LiveDeployment | null> {
  const { rows } = await dbPool(db).query<LiveDeployment>(
    `SELECT ${liveFields} FROM "Deployment" d WHERE d."workspaceId" = $1 AND d.slug = $2`,
    [workspaceId, slug],
  );
  return rows[0] ?? null;
}

/** The earlier turns of a widget conversation, oldest first, for the bot to see. */
/** A turn the caller knows finished (it heard the run's finish) that may not be stored yet. */
export interface RecentTurn {
  runId: string;
  message: string;
  reply: string | null;
  /** When it finished (epoch ms). */
  at: number;
}

// Read with every widget and MCP message. A named statement: PostgreSQL plans this one on each
// execution otherwise, which cost more than running it (about 0.15 of 0.3 ms of backend CPU per
// message, measured); behind a transaction-mode pooler queryNamed falls back to unnamed statements.
// Newest first so that the LIMIT keeps the latest turns; the caller reverses them rather than a second sort.
const sessionHistoryStatement = `SELECT id, input->>'message' AS message, output->>'text' AS reply, (extract(epoch FROM "createdAt") * 1000)::float8 AS at
  FROM "Run" WHERE "deploymentId" = $1 AND "sessionId" = $2 AND status = 'SUCCEEDED' ORDER BY "createdAt" DESC LIMIT $3`;

/**
 * The session's last `maxTurns` succeeded turns, oldest first. `recent`: turns heard to have finished
 * that the database may not list yet (a run is announced before its finish is stored); those it does
 * not list come last.
 */
export async function sessionHistory(db: Db, deploymentId: string, sessionId: string, maxTurns = 20, recent: RecentTurn[] = []) {
  const { rows } = await queryNamed<{ id: string; message: string; reply: string | null; at: number }>(dbPool(db), {
    name: "session-history",
    text: sessionHistoryStatement,
    values: [deploymentId, sessionId, maxTurns],
  });
  rows.reverse();
  let turns: { message: string; reply: string | null }[] = rows;
  if (recent.length) {
    const stored = new Set(rows.map((row) => row.id));
    // a turn not listed is either not stored yet, or stored and older than the turns listed
    const newest = rows.at(-1)?.at ?? Number.NEGATIVE_INFINITY;
    const unstored = recent.filter((turn) => !stored.has(turn.runId) && turn.at > newest);
    if (unstored.length) turns = [...rows, ...unstored].slice(-maxTurns);
  }
  return turns.flatMap((row) => [
    { role: "user" as const, content: row.message },
    ...(row.reply === null ? [] : [{ role: "assistant" as const, content: row.reply }]),
  ]);
}

const listFields = {
  id: true,
  publicId: true,
  slug: true,
  allowedOrigins: true,
  mcpDescription: true,
  shareEnabled: true,
  chatTitle: true,
  chatGreeting: true,
  chatAccent: true,
  chatTheme: true,
  createdAt: true,
  updatedAt: true,
  bot: { select: { id: true, name: true } },
  botVersion: { select: { id: true, number: true, note: true, createdAt: true } },
} as const;

export function listDeployments(db: Db, workspaceId: string) {
  return db.deployment.findMany({ where: { workspaceId }, select: listFields, orderBy: { createdAt: "desc" } });
}

export async function getDeployment(db: Db, workspaceId: string, deploymentId: string) {
  const deployment = await db.deployment.findFirst({ where: { id: deploymentId, workspaceId }, select: listFields });
  if (!deployment) throw notFound("Deployment");
  return deployment;
}

async function versionOf(db: Db, workspaceId: string, botId: string, number: number) {
  const version = await db.botVersion.findFirst({ where: { botId, number, bot: { workspaceId } }, select: { id: true } });
  if (!version) throw notFound("Version");
  return version.id;
}

export async function createDeployment(
  db: Db,
  workspaceId: string,
  input: { botId: string; version: number; slug: string; allowedOrigins: string[] },
) {
  const botVersionId = await versionOf(db, workspaceId, input.botId, input.version);
  const created = await db.deployment.create({
    data: {
      workspaceId,
      botId: input.botId,
      botVersionId,
      slug: input.slug,
      allowedOrigins: input.allowedOrigins,
      publicId: `pub_${randomBytes(12).toString("base64url")}`,
    },
    select: { id: true },
  });
  return getDeployment(db, workspaceId, created.id);
}

/** What a deployment's page may change besides its version; null clears a text back to its default. */
export interface DeploymentSettings {
  allowedOrigins?: string[];
  slug?: string;
  mcpDescription?: string | null;
  shareEnabled?: boolean;
  chatTitle?: string | null;
  chatGreeting?: string | null;
  chatAccent?: string | null;
  chatTheme?: string | null;
}

/** Points the deployment at another version of its bot (publish a newer one, or roll back), and changes its settings. */
export async function updateDeployment(
  db: Db,
  workspaceId: string,
  deploymentId: string,
  { version, ...settings }: DeploymentSettings & { version?: number },
) {
  const current = await getDeployment(db, workspaceId, deploymentId);
  const botVersionId = version === undefined ? undefined : await versionOf(db, workspaceId, current.bot.id, version);
  await db.deployment.updateMany({ where: { id: deploymentId, workspaceId }, data: { botVersionId, ...settings } });
  return getDeployment(db, workspaceId, deploymentId);
}

export async function deleteDeployment(db: Db, workspaceId: string, deploymentId: string) {
  const { count } = await db.deployment.deleteMany({ where: { id: deploymentId, workspaceId } });
  if (!count) throw notFound("Deployment");
}

/** Runs, tokens and cost of a deployment since `since`, by source. */
export async function deploymentUsage(db: Db, workspaceId: string, deploymentId: string, since: Date) {
  const rows = await db.run.groupBy({
    by: ["source"],
    where: { workspaceId, deploymentId, createdAt: { gte: since } },
    _count: { _all: true },
    _sum: { tokensIn: true, tokensOut: true, costUsd: true },
  });
  return rows.map((row) => ({
    source: row.source,
    runs: row._count._all,
    tokensIn: row._sum.tokensIn ?? 0,
    tokensOut: row._sum.tokensOut ?? 0,
    costUsd: row._sum.costUsd ?? 0,
  }));
}

/** The latest conversations (runs grouped by session), newest first, with their first message. */
export async function lastConversations(db: Db, workspaceId: string, deploymentId: string, take = 10) {
  const runs = await db.run.findMany({
    where: { workspaceId, deploymentId },
    orderBy: { createdAt: "desc" },
    take: 200,
    select: { sessionId: true, source: true, input: true, output: true, createdAt: true },
  });
  const conversations = new Map<
    string,
    { sessionId: string | null; source: string; turns: number; lastMessage: string; lastReply: string | null; lastAt: Date }
  >();
  for (const run of runs) {
    const key = run.sessionId ?? `run:${run.createdAt.toISOString()}`;
    const existing = conversations.get(key);
    if (existing) {
      existing.turns++;
      continue;
    }
    if (conversations.size >= take) continue;
    conversations.set(key, {
      sessionId: run.sessionId,
      source: run.source,
      turns: 1,
      lastMessage: String((run.input as { message?: unknown }).message ?? ""),
      lastReply: (run.output as { text?: string } | null)?.text ?? null,
      lastAt: run.createdAt,
    });
  }
  return [...conversations.values()];
}

/** Bots that have published versions, with their version numbers (newest first), for choosing what to deploy. */
export function listDeployableBots(db: Db, workspaceId: string) {
  return db.bot.findMany({
    where: { workspaceId, versions: { some: {} } },
    orderBy: { name: "asc" },
    select: { id: true, name: true, versions: { orderBy: { number: "desc" }, select: { number: true, note: true, createdAt: true } } },
  });
}
