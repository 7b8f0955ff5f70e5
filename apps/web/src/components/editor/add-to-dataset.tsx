"use client";
// "Add to dataset" from a run: its message becomes the input and its reply the expected answer (edit
// it in the dataset if the reply was wrong), saved as the dataset's next version. A run that had a
// history becomes a conversation test case: its earlier turns, then its message.
import { useEffect, useState } from "react";
import { Button } from "@/components/ui/button";
import { Select } from "@/components/ui/input";
import { api } from "@/lib/api";
import type { GET as getRun } from "@/app/api/runs/[runId]/route";
import type { GET as listDatasets } from "@/app/api/workspaces/[workspaceId]/datasets/route";
import type { POST as addRows } from "@/app/api/workspaces/[workspaceId]/datasets/[datasetId]/rows/route";
import type { ResponseOf } from "@/server/route";

export function AddToDataset({ workspaceId, runId }: { workspaceId: string; runId: string }) {
  const [datasets, setDatasets] = useState<{ id: string; name: string }[]>([]);
  const [datasetId, setDatasetId] = useState("");
  const [message, setMessage] = useState<{ kind: "ok" | "error"; text: string } | null>(null);

  useEffect(() => {
    void api<ResponseOf<typeof listDatasets>>(`/api/workspaces/${workspaceId}/datasets`).then(({ datasets }) => {
      setDatasets(datasets);
      setDatasetId((current) => current || datasets[0]?.id || "");
    });
  }, [workspaceId]);
  useEffect(() => setMessage(null), [runId]);

  async function add() {
    try {
      const { run } = await api<ResponseOf<typeof getRun>>(`/api/runs/${runId}`);
      // system prompts belong to the flow, not to the test case
      const turns = (run.input.history ?? []).filter((turn) => turn.role === "user" || turn.role === "assistant");
      const { version } = await api<ResponseOf<typeof addRows>>(`/api/workspaces/${workspaceId}/datasets/${datasetId}/rows`, {
        body: {
          ...(turns.length ? { messages: [...turns, { role: "user", content: run.input.message }] } : { input: run.input.message }),
          expected: run.output?.text ?? null,
          metadata: { fromRun: runId },
        },
      });
      setMessage({ kind: "ok", text: `Added as row ${version.items} (version ${version.number})` });
    } catch (caught) {
      setMessage({ kind: "error", text: (caught as Error).message });
    }
  }

  if (!datasets.length) return <p className="px-4 py-2 text-[11px] text-zinc-500">Import a dataset under Evals to collect runs into it.</p>;
  return (
    <div className="flex flex-col gap-1 border-t border-zinc-100 px-4 py-2">
      <div className="flex items-center gap-2">
        <Select
          aria-label="Dataset to add the run to"
          className="h-8 text-xs"
          value={datasetId}
          onChange={(event) => setDatasetId(event.target.value)}
        >
          {datasets.map((dataset) => (
            <option key={dataset.id} value={dataset.id}>
              {dataset.name}
            </option>
          ))}
        </Select>
        <Button size="sm" variant="outline" onClick={() => void add()}>
          Add to dataset
        </Button>
      </div>
      {message && (
        <p
          role={message.kind === "error" ? "alert" : "status"}
          className={message.kind === "error" ? "text-[11px] text-red-600" : "text-[11px] text-emerald-700"}
        >
          {message.text}
        </p>
      )}
    </div>
  );
}
