import { getBot, listCredentials, listModelPrices, listPools, workspaceReferences } from "@switchyard/db";
import { flowGraphSchema, poolReference } from "@switchyard/engine";
import { ModelCatalog } from "@switchyard/providers";
import { notFound } from "next/navigation";
import { Editor } from "@/components/editor/editor";
import { db } from "@/server/services";
import { pageMembership } from "@/server/session";

const catalog = new ModelCatalog().list().map(({ provider, model, contextWindow, inputPerMillion, outputPerMillion }) => ({
  provider,
  model,
  contextWindow,
  inputPerMillion,
  outputPerMillion,
}));

export default async function BotPage({ params }: { params: Promise<{ workspaceId: string; botId: string }> }) {
  const { workspaceId, botId } = await params;
  const { membership } = await pageMembership(workspaceId);
  const bot = await getBot(db(), workspaceId, botId).catch(() => notFound());
  const [credentials, references, prices, pools] = await Promise.all([
    listCredentials(db(), workspaceId),
    workspaceReferences(db(), workspaceId),
    listModelPrices(db(), workspaceId),
    listPools(db(), workspaceId),
  ]);
  // a stored draft is always valid structurally (every save is validated); fall back to empty if not
  const graph = flowGraphSchema.safeParse(bot.draftGraph);
  return (
    <Editor
      workspaceId={workspaceId}
      bot={{ id: bot.id, name: bot.name, graph: graph.success ? graph.data : { nodes: [], edges: [] }, revision: bot.draftRevision }}
      credentials={[
        ...credentials.map(({ id, name, kind }) => ({ id, name, kind })),
        // a pool is chosen where a provider is; its models are its first member's
        ...pools
          .filter((pool) => pool.members.length)
          .map((pool) => ({ id: poolReference(pool.id), name: `${pool.name} (pool)`, kind: pool.members[0]!.kind, pool: true })),
      ]}
      references={{
        credential: [...references.credential],
        contextStore: [...references.contextStore],
        httpCredential: [...references.httpCredential],
        dataset: [...references.dataset],
        bot: [...references.bot],
      }}
      catalog={catalog}
      pricedModels={[...catalog, ...prices].map((item) => `${item.provider}/${item.model}`)}
      canEdit={membership.role !== "VIEWER"}
    />
  );
}
