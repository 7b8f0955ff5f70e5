// A workspace's OpenTelemetry export settings (Settings → Observability). The collector's headers
// usually hold an API key: they go in encrypted, the API only ever sees their names, and only
// readTelemetryExportTarget (for the worker that sends spans) decrypts them.
import type { Db } from "../client";
import { decryptSecret, encryptSecret } from "./credential-cipher";

const publicFields = {
  enabled: true,
  endpoint: true,
  headerNames: true,
  includeContents: true,
  exportedSpans: true,
  droppedSpans: true,
  lastError: true,
  lastErrorAt: true,
  updatedAt: true,
} as const;

export interface TelemetryExportInput {
  enabled: boolean;
  endpoint: string;
  includeContents: boolean;
  /** Replaces the stored headers; undefined keeps them. */
  headers?: Record<string, string>;
}

type PublicRow = { exportedSpans: bigint; droppedSpans: bigint } & Record<string, unknown>;
// counters are BIGINT (a busy workspace passes 2^31 spans within weeks); as numbers they stay exact to 2^53
const withNumbers = <Row extends PublicRow>(row: Row) => ({
  ...row,
  exportedSpans: Number(row.exportedSpans),
  droppedSpans: Number(row.droppedSpans),
});

/** The settings as members see them (header names, never values); null when never configured. */
export async function readTelemetryExport(db: Db, workspaceId: string) {
  const row = await db.telemetryExport.findUnique({ where: { workspaceId }, select: publicFields });
  return row && withNumbers(row);
}

export type TelemetryExportView = NonNullable<Awaited<ReturnType<typeof readTelemetryExport>>>;

export async function saveTelemetryExport(db: Db, workspaceId: string, input: TelemetryExportInput, masterSecret: string) {
  const headers =
    input.headers === undefined
      ? {}
      : {
          headerNames: Object.keys(input.headers),
          headersCipher: Object.keys(input.headers).length ? encryptSecret(JSON.stringify(input.headers), masterSecret) : null,
        };
  const settings = { enabled: input.enabled, endpoint: input.endpoint, includeContents: input.includeContents, ...headers };
  const row = await db.telemetryExport.upsert({
    where: { workspaceId },
    create: { workspaceId, ...settings },
    // an error reported for the settings before is no longer news
    update: { ...settings, lastError: null, lastErrorAt: null },
    select: publicFields,
  });
  return withNumbers(row);
}

export interface TelemetryExportTarget {
  endpoint: string;
  /** Decrypted: send them to the collector, never to a client, a log or a trace. */
  headers: Record<string, string>;
  includeContents: boolean;
  /** Changes whenever the settings do, so a worker knows to rebuild its exporter. */
  version: string;
}

/** What a worker needs to export a workspace's runs, or null when export is off. */
export async function readTelemetryExportTarget(db: Db, workspaceId: string, masterSecret: string): Promise<TelemetryExportTarget | null> {
  const row = await db.telemetryExport.findUnique({ where: { workspaceId } });
  if (!row?.enabled) return null;
  return {
    endpoint: row.endpoint,
    headers: row.headersCipher ? (JSON.parse(decryptSecret(row.headersCipher, masterSecret)) as Record<string, string>) : {},
    includeContents: row.includeContents,
    version: row.updatedAt.toISOString(),
  };
}

export interface SpanCounts {
  exported: number;
  dropped: number;
  /** Why the last failed export failed (never holds a header value). */
  lastError?: { message: string; at: Date };
}

/**
 * Adds what a worker counted since its last report, in one statement. Plain SQL: Prisma would bump
 * `updatedAt`, which is the settings' version, and every worker would rebuild its exporter.
 */
export async function addTelemetryExportCounts(db: Db, counts: ReadonlyMap<string, SpanCounts>): Promise<void> {
  if (!counts.size) return;
  const rows = [...counts];
  await db.$executeRaw`
    UPDATE "TelemetryExport" AS t
       SET "exportedSpans" = t."exportedSpans" + c.exported, "droppedSpans" = t."droppedSpans" + c.dropped,
           "lastError" = COALESCE(c.error, t."lastError"), "lastErrorAt" = COALESCE((to_timestamp(c.at / 1000.0) AT TIME ZONE 'UTC')::timestamp(3), t."lastErrorAt")
      FROM unnest(${rows.map(([id]) => id)}::text[], ${rows.map(([, c]) => c.exported)}::bigint[],
                  ${rows.map(([, c]) => c.dropped)}::bigint[], ${rows.map(([, c]) => c.lastError?.message.slice(0, 500) ?? null)}::text[],
                  ${rows.map(([, c]) => c.lastError?.at.getTime() ?? null)}::float8[]) AS c(ws, exported, dropped, error, at)
     WHERE t."workspaceId" = c.ws`;
}

/** The names a trace shows for a run: its bot, version number and deployment slug. */
export async function readRunLabels(
  db: Db,
  workspaceId: string,
  ids: { botId: string; botVersionId: string | null; deploymentId: string | null },
): Promise<{ botName?: string; version: number | null; deploymentSlug: string | null }> {
  const [bot, version, deployment] = await Promise.all([
    db.bot.findFirst({ where: { id: ids.botId, workspaceId }, select: { name: true } }),
    ids.botVersionId ? db.botVersion.findFirst({ where: { id: ids.botVersionId, bot: { workspaceId } }, select: { number: true } }) : null,
    ids.deploymentId ? db.deployment.findFirst({ where: { id: ids.deploymentId, workspaceId }, select: { slug: true } }) : null,
  ]);
  return { botName: bot?.name, version: version?.number ?? null, deploymentSlug: deployment?.slug ?? null };
}
