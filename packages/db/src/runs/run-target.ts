// What starting a run needs to know, in one round trip: the caller's role in the workspace, the bot's
// draft revision and, when a version is asked for, its id. Plain SQL because it sits on the hot path
// of every chat message; the graphs themselves are read only when a process has not compiled them yet.
import { notFound } from "@switchyard/errors";
import { dbPool, type Db } from "../client";
import type { Role } from "../generated/prisma/enums";
import { forbidden, hasRole } from "../workspace/workspaces";

const targetQuery = `
SELECT m.role::text AS role, b.id AS "botId", b."draftRevision" AS "draftRevision",
       (SELECT v.id FROM "BotVersion" v WHERE v."botId" = b.id AND v.number = $4) AS "versionId"
  FROM "Membership" m
  LEFT JOIN "Bot" b ON b.id = $3 AND b."workspaceId" = m."workspaceId"
 WHERE m."workspaceId" = $1 AND m."userId" = $2`;

export interface RunTarget {
  role: Role;
  draftRevision: number;
  versionId: string | null;
}

export async function findRunTarget(
  db: Db,
  input: { workspaceId: string; userId: string; botId: string; versionNumber?: number; minimumRole: Role },
): Promise<RunTarget> {
  const { rows } = await dbPool(db).query<{ role: Role; botId: string | null; draftRevision: number | null; versionId: string | null }>(
    targetQuery,
    [input.workspaceId, input.userId, input.botId, input.versionNumber ?? null],
  );
  const row = rows[0];
  if (!row) throw notFound("Workspace");
  if (!hasRole(row.role, input.minimumRole)) throw forbidden(input.minimumRole, row.role);
  if (!row.botId) throw notFound("Bot");
  if (input.versionNumber !== undefined && !row.versionId) throw notFound("Version");
  return { role: row.role, draftRevision: row.draftRevision ?? 0, versionId: row.versionId };
}
