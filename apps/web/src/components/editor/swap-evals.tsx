"use client";
// "Swap model and re-run evals" on a model node: pick the new model, the bot's default dataset runs
// for the current and the new model, and the comparison opens when it is done. The flow itself is
// not changed: the user swaps (or not) after seeing the numbers. A bot without a default dataset gets
// a dataset picker right here (the choice becomes its default).
import { FlaskConical } from "lucide-react";
import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { Button } from "@/components/ui/button";
import { api } from "@/lib/api";
import { useApiAction } from "@/lib/use-api-action";
import type { GET as getBot } from "@/app/api/workspaces/[workspaceId]/bots/[botId]/route";
import type { GET as listDatasets } from "@/app/api/workspaces/[workspaceId]/datasets/route";
import type { POST as startSwapEvals } from "@/app/api/workspaces/[workspaceId]/bots/[botId]/swap-model-evals/route";
import type { ResponseOf } from "@/server/route";

export function SwapEvalsButton({
  workspaceId,
  botId,
  nodeId,
  models,
  current,
}: {
  workspaceId: string;
  botId: string;
  nodeId: string;
  models: string[];
  current: string;
}) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const choices = models.filter((model) => model !== current);
  const [model, setModel] = useState("");
  const { error, setError, pending: starting, run } = useApiAction();
  // null until known, or when the bot has a default dataset (no picker needed)
  const [datasets, setDatasets] = useState<{ id: string; name: string }[] | null>(null);
  const [checked, setChecked] = useState(false);
  const [datasetId, setDatasetId] = useState("");

  useEffect(() => {
    if (!open || checked) return;
    void Promise.all([
      api<ResponseOf<typeof getBot>>(`/api/workspaces/${workspaceId}/bots/${botId}`),
      api<ResponseOf<typeof listDatasets>>(`/api/workspaces/${workspaceId}/datasets`),
    ])
      .then(([{ bot }, list]) => {
        setChecked(true);
        setDatasets(bot.defaultDatasetId ? null : list.datasets);
      })
      .catch((caught: Error) => setError(caught.message));
  }, [open, checked, workspaceId, botId, setError]);
  const needsDataset = datasets !== null;

  const start = () =>
    run(
      () =>
        api<ResponseOf<typeof startSwapEvals>>(`/api/workspaces/${workspaceId}/bots/${botId}/swap-model-evals`, {
          body: { nodeId, model, ...(needsDataset && { datasetId }) },
        }),
      ({ evalRun }) => router.push(`/w/${workspaceId}/evals/runs/${evalRun.id}?then=compare`),
    );

  return (
    <div className="relative">
      <button
        type="button"
        onClick={() => setOpen(!open)}
        className="inline-flex items-center gap-1 rounded-md border border-indigo-200 bg-indigo-50 px-2 py-1 text-xs font-medium text-indigo-700 shadow hover:bg-indigo-100"
      >
        <FlaskConical className="h-3.5 w-3.5" /> Swap model and re-run evals
      </button>
      {open && (
        <div
          className="absolute right-0 top-full z-30 mt-1 flex w-72 flex-col gap-2 rounded-lg border border-zinc-200 bg-white p-3 text-xs shadow-lg"
          role="dialog"
          aria-label="Swap model and re-run evals"
        >
          {needsDataset && (
            <label className="flex flex-col gap-1 rounded-md bg-amber-50 p-2 text-amber-900">
              This bot has no default dataset yet. {datasets.length ? "Run on:" : "Import a dataset under Evals first."}
              <select
                aria-label="Dataset"
                className="rounded-md border border-zinc-300 bg-white px-2 py-1.5 text-zinc-900"
                value={datasetId}
                onChange={(event) => setDatasetId(event.target.value)}
              >
                <option value="">Choose a dataset…</option>
                {datasets.map((dataset) => (
                  <option key={dataset.id} value={dataset.id}>
                    {dataset.name}
                  </option>
                ))}
              </select>
              <span className="text-amber-800">It becomes the bot&apos;s default dataset.</span>
            </label>
          )}
          <p className="text-zinc-600">
            Runs the bot&apos;s default dataset with <strong>{current || "the current model"}</strong> and the model you pick, then opens
            the comparison.
          </p>
          <select
            aria-label="New model"
            className="rounded-md border border-zinc-300 px-2 py-1.5"
            value={model}
            onChange={(event) => setModel(event.target.value)}
          >
            <option value="">Choose the new model…</option>
            {choices.map((choice) => (
              <option key={choice} value={choice}>
                {choice}
              </option>
            ))}
          </select>
          {error && (
            <p role="alert" className="text-red-600">
              {error}
            </p>
          )}
          <Button size="sm" disabled={!model || starting || (needsDataset && !datasetId)} onClick={() => void start()}>
            {starting ? "Starting…" : "Run evals for both"}
          </Button>
        </div>
      )}
    </div>
  );
}
