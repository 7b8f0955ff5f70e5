import { gettingStarted, listBots, listCredentials, listPools, listStores } from "@switchyard/db";
import { poolReference } from "@switchyard/engine";
import { botTemplates, flowPicture, templateShape } from "@switchyard/templates";
import { BotList } from "@/components/workspace/bot-list";
import { db } from "@/server/services";
import { pageMembership } from "@/server/session";

export const metadata = { title: "Bots" };

// the gallery's pictures are drawn from the templates' own graphs, once per process
const gallery = botTemplates.map((template) => ({
  id: template.id,
  name: template.name,
  description: template.description,
  roles: template.roles,
  needsStore: template.needsStore,
  picture: flowPicture(templateShape(template)),
}));

export default async function BotsPage({ params }: { params: Promise<{ workspaceId: string }> }) {
  const { workspaceId } = await params;
  const { membership } = await pageMembership(workspaceId);
  const [bots, credentials, pools, stores, progress] = await Promise.all([
    listBots(db(), workspaceId),
    listCredentials(db(), workspaceId),
    listPools(db(), workspaceId),
    listStores(db(), workspaceId),
    gettingStarted(db(), workspaceId),
  ]);
  return (
    <BotList
      workspaceId={workspaceId}
      canEdit={membership.role !== "VIEWER"}
      initialBots={bots.map((bot) => ({
        id: bot.id,
        name: bot.name,
        description: bot.description,
        updatedAt: bot.updatedAt.toISOString(),
      }))}
      templates={gallery}
      providers={[
        ...credentials.map(({ id, name }) => ({ id, name })),
        // a pool is chosen where a provider is
        ...pools.filter((pool) => pool.members.length).map((pool) => ({ id: poolReference(pool.id), name: `${pool.name} (pool)` })),
      ]}
      stores={stores.map(({ id, name }) => ({ id, name }))}
      progress={{ provider: progress.provider, deployment: progress.deployment }}
    />
  );
}
