// What a workspace has done of its first steps (a provider, a bot, a deployment), read from what it
// holds, so the getting-started checklist ticks itself off and never needs to be told.
import type { Db } from "../client";

export async function gettingStarted(db: Db, workspaceId: string) {
  const where = { workspaceId };
  const [provider, pool, bot, deployment] = await Promise.all([
    db.providerCredential.findFirst({ where, select: { id: true } }),
    db.modelPool.findFirst({ where: { workspaceId, members: { some: {} } }, select: { id: true } }),
    db.bot.findFirst({ where, select: { id: true } }),
    db.deployment.findFirst({ where, select: { id: true } }),
  ]);
  return { provider: Boolean(provider ?? pool), bot: Boolean(bot), deployment: Boolean(deployment) };
}
