import { getEvalRun } from "@switchyard/db";
import { learnedRouterView } from "@switchyard/runner/router-control";
import { notFound } from "next/navigation";
import { LearnedRouterView } from "@/components/evals/learned-router-view";
import { db } from "@/server/services";
import { pageMembership } from "@/server/session";

export const metadata = { title: "Learned router" };

export default async function LearnedRouterPage({ params }: { params: Promise<{ workspaceId: string; routerId: string }> }) {
  const { workspaceId, routerId } = await params;
  const { membership } = await pageMembership(workspaceId);
  const router = await learnedRouterView(db(), workspaceId, routerId).catch(() => null);
  if (!router) notFound();
  const run = await getEvalRun(db(), workspaceId, router.evalRunId);
  return (
    <LearnedRouterView
      workspaceId={workspaceId}
      canEdit={membership.role !== "VIEWER"}
      evalRunName={run.name}
      datasetId={run.datasetVersion.dataset.id}
      initial={{
        id: router.id,
        botId: router.botId,
        evalRunId: router.evalRunId,
        status: router.status,
        error: router.error,
        trainingMs: router.trainingMs,
        routes: router.routes,
        report: router.report,
      }}
    />
  );
}
