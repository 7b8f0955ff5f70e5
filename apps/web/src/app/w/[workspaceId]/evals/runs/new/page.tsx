import { getEmbeddingSettings, listBotsWithRecentVersions, listCredentials, listDatasets } from "@switchyard/db";
import { isDeepStrictEqual } from "node:util";
import { z } from "zod";
import { NewEvalRun } from "@/components/evals/new-eval-run";
import { formFlow } from "@/server/eval-form-flow";
import { db } from "@/server/services";
import { pageMembership } from "@/server/session";

export const metadata = { title: "New eval run" };

// `?bot=&target=draft|<version>&dataset=`: where a link (the learned router's "Evaluate the routed
// draft") starts the form; anything else is ignored and the form starts as usual
const initialSchema = z.object({
  bot: z.string().optional().catch(undefined),
  target: z
    .union([z.literal("draft"), z.coerce.number().int().positive()])
    .optional()
    .catch(undefined),
  dataset: z.string().optional().catch(undefined),
});

export default async function NewEvalRunPage({
  params,
  searchParams,
}: {
  params: Promise<{ workspaceId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { workspaceId } = await params;
  const initial = initialSchema.parse(await searchParams);
  await pageMembership(workspaceId, "EDITOR");
  const [bots, datasets, credentials, embedding] = await Promise.all([
    listBotsWithRecentVersions(db(), workspaceId),
    listDatasets(db(), workspaceId),
    listCredentials(db(), workspaceId),
    getEmbeddingSettings(db(), workspaceId),
  ]);
  return (
    <NewEvalRun
      workspaceId={workspaceId}
      credentials={credentials.map(({ id, name }) => ({ id, name }))}
      embeddingModel={embedding?.model ?? null}
      initial={{ botId: initial.bot, target: initial.target, datasetId: initial.dataset }}
      datasets={datasets
        .filter((dataset) => dataset.latestVersion)
        .map((dataset) => ({
          id: dataset.id,
          name: dataset.name,
          versions: [dataset.latestVersion!.number],
        }))}
      bots={bots.map((bot) => ({
        id: bot.id,
        name: bot.name,
        defaultDatasetId: bot.defaultDatasetId,
        // the draft is measured as it is; starting saves it as the next version only when it differs
        draft: {
          ...formFlow(bot.draftGraph),
          savesAs: bot.versions[0] && isDeepStrictEqual(bot.versions[0].graph, bot.draftGraph) ? null : (bot.versions[0]?.number ?? 0) + 1,
        },
        versions: bot.versions.map((version) => ({ number: version.number, ...formFlow(version.graph) })),
      }))}
    />
  );
}
