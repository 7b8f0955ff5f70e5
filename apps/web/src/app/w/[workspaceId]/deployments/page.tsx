import { listDeployableBots, listDeployments } from "@switchyard/db";
import { DeploymentList } from "@/components/deployments/deployment-list";
import { db } from "@/server/services";
import { pageMembership } from "@/server/session";

export const metadata = { title: "Deployments" };

export default async function DeploymentsPage({ params }: { params: Promise<{ workspaceId: string }> }) {
  const { workspaceId } = await params;
  const { membership } = await pageMembership(workspaceId);
  const [deployments, bots] = await Promise.all([listDeployments(db(), workspaceId), listDeployableBots(db(), workspaceId)]);
  return (
    <DeploymentList
      workspaceId={workspaceId}
      canEdit={membership.role !== "VIEWER"}
      deployments={deployments.map((deployment) => ({
        id: deployment.id,
        slug: deployment.slug,
        botName: deployment.bot.name,
        version: deployment.botVersion.number,
        origins: deployment.allowedOrigins.length,
        updatedAt: deployment.updatedAt.toISOString(),
      }))}
      bots={bots.map((bot) => ({ id: bot.id, name: bot.name, versions: bot.versions.map((version) => version.number) }))}
    />
  );
}
