import { listAgentBots, listDatasets, listEvalRuns } from "@switchyard/db";
import { EvalsHome } from "@/components/evals/evals-home";
import { db } from "@/server/services";
import { pageMembership } from "@/server/session";

export const metadata = { title: "Evals" };

export default async function EvalsPage({ params }: { params: Promise<{ workspaceId: string }> }) {
  const { workspaceId } = await params;
  const { membership } = await pageMembership(workspaceId);
  const [datasets, evalRuns, agentBots] = await Promise.all([
    listDatasets(db(), workspaceId),
    listEvalRuns(db(), workspaceId),
    listAgentBots(db(), workspaceId),
  ]);
  return (
    <EvalsHome
      workspaceId={workspaceId}
      canEdit={membership.role !== "VIEWER"}
      agentBots={agentBots}
      datasets={datasets.map((dataset) => ({ ...dataset, updatedAt: dataset.updatedAt.toISOString() }))}
      evalRuns={evalRuns.map((run) => ({
        id: run.id,
        name: run.name,
        status: run.status,
        completed: run.completed,
        total: run.total,
        createdAt: run.createdAt.toISOString(),
        bot: run.bot,
        botVersion: run.botVersion,
        dataset: { name: run.datasetVersion.dataset.name, version: run.datasetVersion.number },
        variants: (run.variants as { label: string }[]).map((variant) => variant.label),
      }))}
    />
  );
}
