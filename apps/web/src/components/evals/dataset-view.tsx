"use client";
// One dataset: its versions, its rows (edit, add, delete, then save as the next version) and which
// bot uses it as the default for "Swap model and re-run evals".
import type { Turn } from "@switchyard/evals";
import { ArrowLeft, Plus, Trash2 } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { FieldError, Select } from "@/components/ui/input";
import { api } from "@/lib/api";
import { ConversationTurns } from "./conversation-turns";
import { SourcesCell } from "./sources-cell";
import { PublishGateToggles } from "./publish-gate-toggle";
import { useApiAction } from "@/lib/use-api-action";
import { PageHeader } from "@/components/ui/page-header";
import type { POST as saveDatasetVersion } from "@/app/api/workspaces/[workspaceId]/datasets/[datasetId]/versions/route";
import type { ResponseOf } from "@/server/route";

export interface DatasetRow {
  input: string;
  /** A conversation's earlier turns (shown, kept on save; the input is its final user message). */
  history?: Turn[];
  expected: string | null;
  /** The context-store documents the answer should come from (retrieval hit rate and MRR). */
  expectedSources?: string[] | null;
  metadata: Record<string, unknown> | null;
}

interface Props {
  workspaceId: string;
  canEdit: boolean;
  dataset: { id: string; name: string; versions: { number: number; items: number; createdAt: string }[] };
  version: number;
  rows: DatasetRow[];
  bots: { id: string; name: string; isDefault: boolean; requireToPublish: boolean }[];
}

const cell =
  "w-full resize-y rounded border border-transparent bg-transparent px-2 py-1 text-sm hover:border-zinc-200 focus:border-indigo-400 focus:outline-none";

export function DatasetView({ workspaceId, canEdit, dataset, version, rows: initialRows, bots }: Props) {
  const router = useRouter();
  const [rows, setRows] = useState(initialRows);
  const [dirty, setDirty] = useState(false);
  const { error, setError, run } = useApiAction();
  const [notice, setNotice] = useState<string | null>(null);
  const base = `/w/${workspaceId}/evals/datasets/${dataset.id}`;
  const latest = dataset.versions[0]?.number ?? version;

  const edit = (index: number, change: Partial<DatasetRow>) => {
    setRows((current) => current.map((row, at) => (at === index ? { ...row, ...change } : row)));
    setDirty(true);
  };

  async function save() {
    await run(async () => {
      const { version: saved } = await api<ResponseOf<typeof saveDatasetVersion>>(
        `/api/workspaces/${workspaceId}/datasets/${dataset.id}/versions`,
        {
          // a conversation's earlier turns go back with it (history), its final message is the input
          body: {
            rows: rows.map((row) => ({
              ...row,
              expected: row.expected || null,
              expectedSources: row.expectedSources?.length ? row.expectedSources : null,
            })),
          },
        },
      );
      setDirty(false);
      router.push(`${base}?version=${saved.number}`);
      router.refresh();
    });
  }

  async function makeDefaultFor(botId: string) {
    await run(async () => {
      await api(`/api/workspaces/${workspaceId}/bots/${botId}/default-dataset`, { method: "PUT", body: { datasetId: dataset.id } });
      setNotice(`Default dataset of ${bots.find((bot) => bot.id === botId)?.name}`);
      router.refresh();
    });
  }

  const editable = canEdit && version === latest;
  return (
    <div className="mx-auto flex max-w-6xl flex-col gap-6 px-8 py-8">
      <Link href={`/w/${workspaceId}/evals`} className="inline-flex items-center gap-1 text-sm text-zinc-500 hover:text-zinc-800">
        <ArrowLeft className="h-4 w-4" /> Evals
      </Link>
      <PageHeader
        title={dataset.name}
        description="Every edit saves a new version; eval runs keep pointing at the rows they ran on."
        actions={
          <div className="flex items-center gap-2">
            <Select
              aria-label="Version"
              className="w-52"
              value={version}
              onChange={(event) => router.push(`${base}?version=${event.target.value}`)}
            >
              {dataset.versions.map((entry) => (
                <option key={entry.number} value={entry.number}>
                  Version {entry.number} · {entry.items} rows
                </option>
              ))}
            </Select>
            {canEdit && bots.length > 0 && (
              <Select
                aria-label="Use for bot"
                className="w-64"
                value=""
                onChange={(event) => event.target.value && void makeDefaultFor(event.target.value)}
              >
                <option value="">Use as default for bot…</option>
                {bots.map((bot) => (
                  <option key={bot.id} value={bot.id}>
                    {bot.name}
                    {bot.isDefault ? " (default)" : ""}
                  </option>
                ))}
              </Select>
            )}
          </div>
        }
      />
      {notice && (
        <p role="status" className="rounded-md bg-emerald-50 px-3 py-2 text-sm text-emerald-800">
          {notice}
        </p>
      )}
      {canEdit && (
        <PublishGateToggles
          key={bots.map((bot) => `${bot.id}:${bot.isDefault}`).join()}
          workspaceId={workspaceId}
          datasetId={dataset.id}
          bots={bots.filter((bot) => bot.isDefault)}
          onError={setError}
        />
      )}
      <FieldError message={error} />
      <Card>
        <CardHeader className="flex-row items-center justify-between">
          <CardTitle>
            Rows <span className="font-normal text-zinc-500">({rows.length})</span>
          </CardTitle>
          {editable && (
            <div className="flex gap-2">
              <Button
                variant="outline"
                size="sm"
                onClick={() => {
                  setRows([...rows, { input: "", expected: null, metadata: null }]);
                  setDirty(true);
                }}
              >
                <Plus className="h-4 w-4" /> Add row
              </Button>
              <Button size="sm" disabled={!dirty} onClick={() => void save()}>
                Save as version {latest + 1}
              </Button>
            </div>
          )}
        </CardHeader>
        <CardContent className="p-0">
          <table className="w-full table-fixed text-sm" aria-label="Dataset rows">
            <thead className="bg-zinc-50 text-left text-xs uppercase text-zinc-500">
              <tr>
                <th className="w-12 px-3 py-2">#</th>
                <th className="px-3 py-2">Input</th>
                <th className="px-3 py-2">Expected</th>
                <th className="w-48 px-3 py-2" title="Document names the answer should come from, separated by ;">
                  Expected sources
                </th>
                <th className="w-48 px-3 py-2">Metadata</th>
                {editable && <th className="w-12" />}
              </tr>
            </thead>
            <tbody>
              {rows.map((row, index) => (
                <tr key={index} className="border-t border-zinc-100 align-top">
                  <td className="px-3 py-2 text-xs text-zinc-400 tabular-nums">{index + 1}</td>
                  <td className="px-1 py-1">
                    {row.history?.length ? <ConversationTurns turns={row.history} /> : null}
                    {editable ? (
                      <textarea
                        aria-label={`Input ${index + 1}`}
                        rows={1}
                        className={cell}
                        value={row.input}
                        onChange={(event) => edit(index, { input: event.target.value })}
                      />
                    ) : (
                      <div className="px-2 py-1 whitespace-pre-wrap">{row.input}</div>
                    )}
                  </td>
                  <td className="px-1 py-1">
                    {editable ? (
                      <textarea
                        aria-label={`Expected ${index + 1}`}
                        rows={1}
                        className={cell}
                        value={row.expected ?? ""}
                        onChange={(event) => edit(index, { expected: event.target.value })}
                      />
                    ) : (
                      <div className="px-2 py-1 whitespace-pre-wrap text-zinc-700">{row.expected ?? "—"}</div>
                    )}
                  </td>
                  <td className="px-1 py-1">
                    <SourcesCell
                      label={`Expected sources ${index + 1}`}
                      className={cell}
                      editable={editable}
                      value={row.expectedSources ?? null}
                      onChange={(expectedSources) => edit(index, { expectedSources })}
                    />
                  </td>
                  <td className="truncate px-3 py-2 font-mono text-xs text-zinc-500">
                    {row.metadata ? JSON.stringify(row.metadata) : "—"}
                  </td>
                  {editable && (
                    <td className="px-2 py-1">
                      <Button
                        variant="ghost"
                        size="icon"
                        aria-label={`Delete row ${index + 1}`}
                        onClick={() => {
                          setRows(rows.filter((_, at) => at !== index));
                          setDirty(true);
                        }}
                      >
                        <Trash2 className="h-4 w-4 text-zinc-400" />
                      </Button>
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </CardContent>
      </Card>
    </div>
  );
}
