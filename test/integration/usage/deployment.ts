// A published version with a deployment, made directly in the database (the publish API is built
// elsewhere); usage and budgets only need the rows.
import { randomUUID } from "node:crypto";
import type { Prisma } from "@switchyard/db";
import type { FlowGraph } from "@switchyard/engine";
import { db } from "../support";

export async function newDeployment(
  workspaceId: string,
  botId: string,
  graph: FlowGraph,
  extra: { slug: string; monthlyBudgetUsd?: number },
) {
  const version = await db().botVersion.create({ data: { botId, number: 1, graph: graph as unknown as Prisma.InputJsonValue } });
  return db().deployment.create({
    data: { workspaceId, botId, botVersionId: version.id, publicId: randomUUID(), allowedOrigins: [], ...extra },
  });
}
