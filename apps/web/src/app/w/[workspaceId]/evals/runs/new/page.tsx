import { getEmbeddingSettings, listCredentials, listDatasets } from "@switchyard/db";
import { flowGraphSchema } from "@switchyard/engine";
import { NewEvalRun } from "@/components/evals/new-eval-run";
import { db } from "@/server/services";
import { pageMembership } from "@/server/session";

export const metadata = { title: "New eval run" };

export default async function NewEvalRunPage({ params }: { params: Promise<{ workspaceId: string }> }) {
  const { workspaceId } = await params;
  await pageMembership(workspaceId, "EDITOR");
  const [bots, datasets, credentials, embedding] = await Promise.all([
    db().bot.findMany({
      where: { workspaceId },
      orderBy: { updatedAt: "desc" },
      take: 200,
      select: {
        id: true,
        name: true,
        defaultDatasetId: true,
        versions: { orderBy: { number: "desc" }, take: 20, select: { number: true, graph: true } },
      },
    }),
    listDatasets(db(), workspaceId),
    listCredentials(db(), workspaceId),
    getEmbeddingSettings(db(), workspaceId),
  ]);
  return (
    <NewEvalRun
      workspaceId={workspaceId}
      credentials={credentials.map(({ id, name }) => ({ id, name }))}
      embeddingModel={embedding?.model ?? null}
      datasets={datasets
        .filter((dataset) => dataset.latestVersion)
        .map((dataset) => ({ id: dataset.id, name: dataset.name, versions: [dataset.latestVersion!.number] }))}
      bots={bots.map((bot) => ({
        id: bot.id,
        name: bot.name,
        defaultDatasetId: bot.defaultDatasetId,
        versions: bot.versions.map((version) => ({
          number: version.number,
          modelNodes: flowGraphSchema
            .parse(version.graph)
            .nodes.filter((node) => node.type === "model")
            .map((node) => ({ id: node.id, credentialId: String(node.config.credentialId ?? ""), model: String(node.config.model ?? "") })),
        })),
      }))}
    />
  );
}
