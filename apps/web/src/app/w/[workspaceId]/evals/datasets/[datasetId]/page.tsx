import { getDataset, getDatasetVersion, listBotsForEvals } from "@switchyard/db";
import type { Turn } from "@switchyard/evals";
import { notFound } from "next/navigation";
import { DatasetView } from "@/components/evals/dataset-view";
import { db } from "@/server/services";
import { pageMembership } from "@/server/session";

export const metadata = { title: "Dataset" };

export default async function DatasetPage({
  params,
  searchParams,
}: {
  params: Promise<{ workspaceId: string; datasetId: string }>;
  searchParams: Promise<{ version?: string }>;
}) {
  const [{ workspaceId, datasetId }, { version: versionParam }] = await Promise.all([params, searchParams]);
  const { membership } = await pageMembership(workspaceId);
  const requested = Number(versionParam);
  const [dataset, version, bots] = await Promise.all([
    getDataset(db(), workspaceId, datasetId).catch(() => null),
    getDatasetVersion(db(), workspaceId, datasetId, Number.isInteger(requested) && requested > 0 ? requested : undefined).catch(() => null),
    listBotsForEvals(db(), workspaceId),
  ]);
  if (!dataset || !version) notFound();
  return (
    <DatasetView
      key={version.number}
      workspaceId={workspaceId}
      canEdit={membership.role !== "VIEWER"}
      dataset={{
        id: dataset.id,
        name: dataset.name,
        versions: dataset.versions.map((entry) => ({
          number: entry.number,
          items: entry._count.items,
          createdAt: entry.createdAt.toISOString(),
        })),
      }}
      version={version.number}
      rows={version.items.map((item) => ({
        input: String(item.input),
        history: (item.history as Turn[] | null) ?? undefined,
        expected: (item.expected as string | null) ?? null,
        expectedSources: (item.expectedSources as string[] | null) ?? null,
        metadata: (item.metadata as Record<string, unknown> | null) ?? null,
      }))}
      bots={bots.map((bot) => ({
        id: bot.id,
        name: bot.name,
        isDefault: bot.defaultDatasetId === dataset.id,
        requireToPublish: bot.requireEvalsToPublish,
      }))}
    />
  );
}
