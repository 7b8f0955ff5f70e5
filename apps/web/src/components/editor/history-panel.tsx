"use client";
// Past runs of this bot (replayed on the canvas when picked) and its published versions (viewed as a
// list of changes against the draft, and restorable into the draft).
import type { FlowGraph } from "@switchyard/engine";
import { useCallback, useContext, useEffect, useState } from "react";
import { Button } from "@/components/ui/button";
import { Input, Select } from "@/components/ui/input";
import { api } from "@/lib/api";
import { formatCost } from "@/lib/format";
import { AddToDataset } from "./add-to-dataset";
import { EditorStoreContext } from "./flow-node";
import { describeChanges } from "./graph-diff";
import { FeedbackTally, RunFeedbackPanel } from "./run-feedback";
import { showRunTrace } from "./run-trace";
import type { GET as listRuns } from "@/app/api/workspaces/[workspaceId]/bots/[botId]/runs/route";
import type { GET as listVersions } from "@/app/api/workspaces/[workspaceId]/bots/[botId]/versions/route";
import type { GET as getVersion } from "@/app/api/workspaces/[workspaceId]/bots/[botId]/versions/[number]/route";
import type { ResponseOf } from "@/server/route";

interface RunRow {
  id: string;
  botVersion: { number: number } | null;
  status: string;
  source: string;
  latencyMs: number | null;
  costUsd: number;
  error: string | null;
  createdAt: string;
  feedback: { score: number }[];
}

interface VersionRow {
  number: number;
  note: string;
  createdAt: string;
}

const statusColor: Record<string, string> = {
  SUCCEEDED: "text-emerald-600",
  FAILED: "text-red-600",
  CANCELLED: "text-zinc-500",
  RUNNING: "text-sky-600",
  QUEUED: "text-zinc-500",
};

export function RunsList({ botUrl }: { botUrl: string }) {
  const store = useContext(EditorStoreContext);
  const [runs, setRuns] = useState<RunRow[]>([]);
  const [status, setStatus] = useState("");
  const [version, setVersion] = useState("");
  const [day, setDay] = useState("");
  const [versions, setVersions] = useState<number[]>([]);
  const [picked, setPicked] = useState<string | null>(null);

  const load = useCallback(async () => {
    const query = new URLSearchParams(Object.entries({ status, version, day }).filter(([, value]) => value !== ""));
    const { runs } = await api<ResponseOf<typeof listRuns>>(`${botUrl}/runs?${query}`);
    setRuns(runs);
  }, [botUrl, status, version, day]);
  useEffect(() => void load(), [load]);
  useEffect(() => {
    void api<ResponseOf<typeof listVersions>>(`${botUrl}/versions`).then(({ versions }) =>
      setVersions(versions.map((item) => item.number)),
    );
  }, [botUrl]);

  async function replay(runId: string) {
    setPicked(runId);
    await showRunTrace(store, runId, { clear: true });
  }

  return (
    <div className="flex min-h-0 flex-1 flex-col" aria-label="Runs">
      <div className="flex items-center gap-2 border-b border-zinc-100 px-4 py-2">
        <Select
          aria-label="Filter runs by status"
          value={status}
          onChange={(event) => setStatus(event.target.value)}
          className="h-8 text-xs"
        >
          <option value="">All statuses</option>
          {["SUCCEEDED", "FAILED", "CANCELLED", "RUNNING"].map((value) => (
            <option key={value} value={value}>
              {value.toLowerCase()}
            </option>
          ))}
        </Select>
        <Select
          aria-label="Filter runs by version"
          value={version}
          onChange={(event) => setVersion(event.target.value)}
          className="h-8 text-xs"
        >
          <option value="">All versions</option>
          <option value="0">Draft</option>
          {versions.map((number) => (
            <option key={number} value={number}>
              v{number}
            </option>
          ))}
        </Select>
        <Button size="sm" variant="ghost" onClick={() => void load()}>
          Refresh
        </Button>
      </div>
      <div className="border-b border-zinc-100 px-4 py-2">
        <Input
          type="date"
          aria-label="Filter runs by day"
          value={day}
          onChange={(event) => setDay(event.target.value)}
          className="h-8 text-xs"
        />
      </div>
      <ul className="min-h-0 flex-1 divide-y divide-zinc-100 overflow-y-auto text-xs">
        {runs.map((run) => (
          <li key={run.id}>
            <button
              type="button"
              onClick={() => void replay(run.id)}
              className={`w-full px-4 py-2 text-left hover:bg-zinc-50 ${picked === run.id ? "bg-indigo-50" : ""}`}
            >
              <span className={`font-medium ${statusColor[run.status] ?? ""}`}>{run.status.toLowerCase()}</span>
              <span className="ml-2 text-zinc-500">
                {new Date(run.createdAt).toLocaleTimeString()} · {run.latencyMs ?? "–"} ms · {formatCost(run.costUsd)} ·{" "}
                {run.source.toLowerCase()}
              </span>
              <FeedbackTally feedback={run.feedback} />
              {run.error && <div className="truncate text-red-600">{run.error}</div>}
            </button>
          </li>
        ))}
        {!runs.length && <li className="px-4 py-3 text-zinc-500">No runs yet.</li>}
      </ul>
      {picked && (
        <p className="border-t border-zinc-100 px-4 py-2 text-[11px] text-zinc-500">
          The canvas shows this run’s trace; click a node for its input and output.
        </p>
      )}
      {picked && <RunFeedbackPanel runId={picked} onRated={() => void load()} />}
      {picked && <AddToDataset workspaceId={botUrl.split("/")[3]!} runId={picked} />}
    </div>
  );
}

export function VersionsList({
  botUrl,
  draft,
  onRestore,
}: {
  botUrl: string;
  draft: FlowGraph;
  onRestore: (graph: FlowGraph, number: number) => void;
}) {
  const [versions, setVersions] = useState<VersionRow[]>([]);
  const [open, setOpen] = useState<{ number: number; graph: FlowGraph } | null>(null);
  useEffect(() => {
    void api<ResponseOf<typeof listVersions>>(`${botUrl}/versions`).then(({ versions }) => setVersions(versions));
  }, [botUrl]);

  async function view(number: number) {
    const { version } = await api<ResponseOf<typeof getVersion>>(`${botUrl}/versions/${number}`);
    setOpen({ number, graph: version.graph });
  }

  const changes = open ? describeChanges(open.graph, draft) : [];
  return (
    <div className="flex min-h-0 flex-1 flex-col overflow-y-auto text-xs" aria-label="Versions">
      <ul className="divide-y divide-zinc-100">
        {versions.map((version) => (
          <li key={version.number} className="flex items-center gap-2 px-4 py-2">
            <span className="font-medium">v{version.number}</span>
            <span className="truncate text-zinc-500">
              {new Date(version.createdAt).toLocaleString()} {version.note && `· ${version.note}`}
            </span>
            <Button size="sm" variant="ghost" className="ml-auto" onClick={() => void view(version.number)}>
              View
            </Button>
          </li>
        ))}
        {!versions.length && <li className="px-4 py-3 text-zinc-500">No published versions yet.</li>}
      </ul>
      {open && (
        <div className="border-t border-zinc-200 p-4" aria-label={`Changes since version ${open.number}`}>
          <p className="mb-2 font-semibold">Draft compared with v{open.number}</p>
          {changes.length ? (
            <ul className="mb-3 list-disc pl-4 text-zinc-600">
              {changes.map((change) => (
                <li key={change}>{change}</li>
              ))}
            </ul>
          ) : (
            <p className="mb-3 text-zinc-500">The draft is the same as this version.</p>
          )}
          <Button size="sm" variant="outline" onClick={() => onRestore(open.graph, open.number)}>
            Restore v{open.number} into the draft
          </Button>
        </div>
      )}
    </div>
  );
}
