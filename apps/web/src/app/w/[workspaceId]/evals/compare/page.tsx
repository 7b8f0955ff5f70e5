import { notFound } from "next/navigation";
import { CompareView } from "@/components/evals/compare-view";
import { compareEvalSides, evalRunView } from "@/server/evals";
import { pageMembership } from "@/server/session";

export const metadata = { title: "Compare eval runs" };

const parseSide = (value: string | undefined) => {
  const [evalRunId, variantKey] = (value ?? "").split(":");
  return evalRunId && variantKey ? { evalRunId, variantKey } : null;
};

export default async function ComparePage({
  params,
  searchParams,
}: {
  params: Promise<{ workspaceId: string }>;
  searchParams: Promise<{ before?: string; after?: string }>;
}) {
  const [{ workspaceId }, query] = await Promise.all([params, searchParams]);
  await pageMembership(workspaceId);
  const before = parseSide(query.before);
  const after = parseSide(query.after);
  if (!before || !after) notFound();
  const data = await compareEvalSides(workspaceId, before, after).catch(() => null);
  if (!data) notFound();
  // within one eval run, the chart shows its variants; across runs, each run has its own chart
  const summary = before.evalRunId === after.evalRunId ? (await evalRunView(workspaceId, after.evalRunId)).summary : null;
  return <CompareView workspaceId={workspaceId} data={data} summary={summary} />;
}
