import { notFound } from "next/navigation";
import { EvalRunView } from "@/components/evals/eval-run-view";
import { evalRunView } from "@/server/evals";
import { pageMembership } from "@/server/session";

export const metadata = { title: "Eval run" };

export default async function EvalRunPage({
  params,
  searchParams,
}: {
  params: Promise<{ workspaceId: string; evalRunId: string }>;
  searchParams: Promise<{ then?: string }>;
}) {
  const [{ workspaceId, evalRunId }, { then }] = await Promise.all([params, searchParams]);
  const { membership } = await pageMembership(workspaceId);
  const run = await evalRunView(workspaceId, evalRunId).catch(() => null);
  if (!run) notFound();
  return (
    <EvalRunView
      workspaceId={workspaceId}
      canEdit={membership.role !== "VIEWER"}
      openCompare={then === "compare"}
      initial={{
        id: run.id,
        name: run.name,
        status: run.status,
        completed: run.completed,
        total: run.total,
        variants: run.variants,
        evaluators: run.evaluators,
        repeats: run.repeats,
        bot: run.bot,
        botVersion: run.botVersion,
        datasetVersion: run.datasetVersion,
        summary: run.summary,
        useCache: run.useCache,
        cache: run.cache,
        routeShares: run.routeShares,
        unpricedVariants: run.unpricedVariants,
      }}
    />
  );
}
