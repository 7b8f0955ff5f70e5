"use client";
// "Add the thumbs-down answers to a dataset": this deployment's rated answers, over a range of days,
// become test cases of the chosen dataset (each run once; the expected answer is left to write).
import Link from "next/link";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Input, Label, Select } from "@/components/ui/input";
import { api } from "@/lib/api";

interface Added {
  found: number;
  added: number;
  skipped: number;
  version: { number: number; items: number } | null;
}

export function AddFeedbackToDataset({
  workspaceId,
  deploymentId,
  datasets,
}: {
  workspaceId: string;
  deploymentId: string;
  datasets: { id: string; name: string }[];
}) {
  const [datasetId, setDatasetId] = useState(datasets[0]?.id ?? "");
  const [from, setFrom] = useState("");
  const [to, setTo] = useState("");
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ kind: "ok" | "error"; text: string; datasetId?: string } | null>(null);

  if (!datasets.length)
    return (
      <p className="text-sm text-zinc-500">
        Create a dataset under{" "}
        <Link href={`/w/${workspaceId}/evals`} className="text-indigo-700 hover:underline">
          Evals
        </Link>{" "}
        to collect thumbs-down answers into it.
      </p>
    );

  async function add() {
    setBusy(true);
    try {
      const added = await api<Added>(`/api/workspaces/${workspaceId}/datasets/${datasetId}/from-feedback`, {
        body: { score: -1, deploymentId, ...(from && { from }), ...(to && { to }) },
      });
      const text = !added.found
        ? "No thumbs-down answers in that range."
        : added.added
          ? `Added ${added.added} answer${added.added === 1 ? "" : "s"} as version ${added.version!.number}` +
            (added.skipped ? ` (${added.skipped} already in the dataset)` : "") +
            "."
          : `All ${added.found} are already in the dataset; nothing added.`;
      setResult({ kind: "ok", text, datasetId });
    } catch (caught) {
      setResult({ kind: "error", text: (caught as Error).message });
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="flex flex-col gap-3">
      <div className="grid grid-cols-[2fr_1fr_1fr_auto] items-end gap-3">
        <div className="flex flex-col gap-1">
          <Label htmlFor="feedback-dataset">Dataset</Label>
          <Select id="feedback-dataset" value={datasetId} onChange={(event) => setDatasetId(event.target.value)}>
            {datasets.map((dataset) => (
              <option key={dataset.id} value={dataset.id}>
                {dataset.name}
              </option>
            ))}
          </Select>
        </div>
        <div className="flex flex-col gap-1">
          <Label htmlFor="feedback-from">Rated from</Label>
          <Input id="feedback-from" type="date" value={from} onChange={(event) => setFrom(event.target.value)} />
        </div>
        <div className="flex flex-col gap-1">
          <Label htmlFor="feedback-to">to</Label>
          <Input id="feedback-to" type="date" value={to} onChange={(event) => setTo(event.target.value)} />
        </div>
        <Button onClick={() => void add()} disabled={busy || !datasetId}>
          Add thumbs-down answers to dataset
        </Button>
      </div>
      {result && (
        <p
          role={result.kind === "error" ? "alert" : "status"}
          className={result.kind === "error" ? "text-sm text-red-600" : "text-sm text-emerald-700"}
        >
          {result.text}{" "}
          {result.kind === "ok" && (
            <Link href={`/w/${workspaceId}/evals/datasets/${result.datasetId}`} className="text-indigo-700 hover:underline">
              Open the dataset
            </Link>
          )}
        </p>
      )}
    </div>
  );
}
