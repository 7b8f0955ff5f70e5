// Monthly budgets of a workspace and its deployments (the settings), and the month's spend read from
// PostgreSQL, which seeds and reconciles the Redis figures the run admission check uses.
import { notFound } from "@switchyard/errors";
import { z } from "zod";
import { dbPool, type Db } from "../client";

export const budgetInputSchema = z.object({
  monthlyBudgetUsd: z.number().positive("A budget must be more than $0 (clear it to remove the cap)").max(10_000_000).nullable(),
  budgetWarnPercent: z.number().int().min(1, "Warn somewhere between 1% and 100%").max(100, "Warn somewhere between 1% and 100%"),
});

export type BudgetInput = z.infer<typeof budgetInputSchema>;

/** What a budget applies to: a whole workspace (deploymentId null), or one of its deployments. */
export interface BudgetScope {
  workspaceId: string;
  deploymentId: string | null;
}

/** The first instant (UTC) of the month `at` falls in, and of the next. */
export function monthRange(at: Date): { start: Date; end: Date; label: string } {
  const start = new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), 1));
  const end = new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth() + 1, 1));
  return { start, end, label: start.toISOString().slice(0, 7) };
}

export async function getBudgets(db: Db, workspaceId: string) {
  const [workspace, deployments] = await Promise.all([
    db.workspace.findUnique({ where: { id: workspaceId }, select: { monthlyBudgetUsd: true, budgetWarnPercent: true } }),
    db.deployment.findMany({
      where: { workspaceId },
      select: { id: true, slug: true, monthlyBudgetUsd: true, budgetWarnPercent: true, bot: { select: { name: true } } },
      orderBy: { slug: "asc" },
    }),
  ]);
  if (!workspace) throw notFound("Workspace");
  return { workspace, deployments: deployments.map(({ bot, ...deployment }) => ({ ...deployment, botName: bot.name })) };
}

export async function setBudget(db: Db, scope: BudgetScope, input: BudgetInput) {
  if (scope.deploymentId === null) {
    await db.workspace.update({ where: { id: scope.workspaceId }, data: input });
    return;
  }
  const { count } = await db.deployment.updateMany({ where: { id: scope.deploymentId, workspaceId: scope.workspaceId }, data: input });
  if (!count) throw notFound("Deployment");
}

export interface BudgetState {
  /** null: no cap */
  capUsd: number | null;
  warnPercent: number;
  /** cost of the scope's runs created this month */
  spentUsd: number;
  /** the most a single run in the scope has cost (last 90 days); null when none has finished */
  maxRunCostUsd: number | null;
}

/** One query: the scope's cap, this month's spend and its costliest recent run. */
export async function readBudgetState(db: Db, scope: BudgetScope, at = new Date()): Promise<BudgetState> {
  const { start, end } = monthRange(at);
  const since = new Date(at.getTime() - 90 * 86_400_000);
  const { deploymentId } = scope;
  // timestamps are stored as UTC without a zone
  const utc = (date: Date) => date.toISOString().slice(0, -1);
  const { rows } = await dbPool(db).query<{ cap: number | null; warn: number; spent: number; max: number | null }>(
    `SELECT s."monthlyBudgetUsd" AS cap, s."budgetWarnPercent" AS warn,
            (SELECT coalesce(sum(r."costUsd"), 0) FROM "Run" r
              WHERE r."workspaceId" = $1 AND ($2::text IS NULL OR r."deploymentId" = $2)
                AND r."createdAt" >= $3::timestamp AND r."createdAt" < $4::timestamp) AS spent,
            (SELECT max(r."costUsd") FROM "Run" r
              WHERE r."workspaceId" = $1 AND ($2::text IS NULL OR r."deploymentId" = $2)
                AND r."createdAt" >= $5::timestamp AND r."finishedAt" IS NOT NULL) AS max
       FROM (SELECT "monthlyBudgetUsd", "budgetWarnPercent" FROM "Workspace" WHERE $2::text IS NULL AND id = $1
             UNION ALL
             SELECT "monthlyBudgetUsd", "budgetWarnPercent" FROM "Deployment" WHERE id = $2 AND "workspaceId" = $1) AS s`,
    [scope.workspaceId, deploymentId, utc(start), utc(end), utc(since)],
  );
  const row = rows[0];
  if (!row) throw notFound(deploymentId === null ? "Workspace" : "Deployment");
  return { capUsd: row.cap, warnPercent: row.warn, spentUsd: Number(row.spent), maxRunCostUsd: row.max === null ? null : Number(row.max) };
}
