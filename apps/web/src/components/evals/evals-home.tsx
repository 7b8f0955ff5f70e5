"use client";
// The Evals area: datasets (import, open) and eval runs (start, follow).
import { Database, FlaskConical, Plus, Upload } from "lucide-react";
import Link from "next/link";
import { useState } from "react";
import { buttonVariants, Button } from "@/components/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { DatasetImport } from "./dataset-import";
import { InjectionSuiteCard } from "./injection-suite-card";
import { ProgressBar, StatusBadge } from "./status-badge";
import { PageHeader } from "@/components/ui/page-header";

export interface DatasetSummary {
  id: string;
  name: string;
  latestVersion: { number: number; items: number } | null;
  updatedAt: string;
}

export interface EvalRunSummary {
  id: string;
  name: string;
  status: string;
  completed: number;
  total: number;
  createdAt: string;
  bot: { name: string };
  botVersion: { number: number };
  dataset: { name: string; version: number };
  variants: string[];
}

export function EvalsHome({
  workspaceId,
  canEdit,
  datasets,
  evalRuns,
  agentBots,
}: {
  workspaceId: string;
  canEdit: boolean;
  datasets: DatasetSummary[];
  evalRuns: EvalRunSummary[];
  /** Bots with an Agent node: what the prompt-injection suite can run against. */
  agentBots: { id: string; name: string }[];
}) {
  const [importing, setImporting] = useState(false);
  const base = `/w/${workspaceId}/evals`;
  return (
    <div className="mx-auto flex max-w-6xl flex-col gap-6 px-8 py-8">
      <PageHeader
        title="Evals"
        description="Measure bots on datasets: swap models, prompts and parameters, and choose from the numbers."
        actions={
          canEdit && (
            <div className="flex gap-2">
              <Button variant="outline" onClick={() => setImporting(true)}>
                <Upload className="h-4 w-4" /> Import dataset
              </Button>
              <Link href={`${base}/runs/new`} className={buttonVariants()}>
                <Plus className="h-4 w-4" /> New eval run
              </Link>
            </div>
          )
        }
      />
      {importing && <DatasetImport workspaceId={workspaceId} onCancel={() => setImporting(false)} />}
      {canEdit && <InjectionSuiteCard workspaceId={workspaceId} bots={agentBots} />}
      <div className="grid grid-cols-1 gap-6 lg:grid-cols-[1fr_2fr]">
        <Card>
          <CardHeader>
            <CardTitle className="flex items-center gap-2">
              <Database className="h-4 w-4 text-zinc-400" /> Datasets
            </CardTitle>
          </CardHeader>
          <CardContent className="p-0">
            {datasets.length === 0 && (
              <p className="px-6 py-6 text-sm text-zinc-500">No datasets yet. Import a CSV or JSONL file to start.</p>
            )}
            <ul className="divide-y divide-zinc-100" aria-label="Datasets">
              {datasets.map((dataset) => (
                <li key={dataset.id}>
                  <Link href={`${base}/datasets/${dataset.id}`} className="flex items-center justify-between px-6 py-3 hover:bg-zinc-50">
                    <span className="font-medium text-zinc-900">{dataset.name}</span>
                    <span className="text-xs text-zinc-500">
                      {dataset.latestVersion ? `v${dataset.latestVersion.number} · ${dataset.latestVersion.items} rows` : "empty"}
                    </span>
                  </Link>
                </li>
              ))}
            </ul>
          </CardContent>
        </Card>
        <Card>
          <CardHeader>
            <CardTitle className="flex items-center gap-2">
              <FlaskConical className="h-4 w-4 text-zinc-400" /> Eval runs
            </CardTitle>
          </CardHeader>
          <CardContent className="p-0">
            {evalRuns.length === 0 && (
              <p className="px-6 py-6 text-sm text-zinc-500">
                No eval runs yet. Start one here, or use “Swap model and re-run evals” on a model node.
              </p>
            )}
            <ul className="divide-y divide-zinc-100" aria-label="Eval runs">
              {evalRuns.map((run) => (
                <li key={run.id}>
                  <Link href={`${base}/runs/${run.id}`} className="flex flex-col gap-2 px-6 py-3 hover:bg-zinc-50">
                    <div className="flex items-center justify-between gap-3">
                      <span className="truncate font-medium text-zinc-900">{run.name || `${run.bot.name} v${run.botVersion.number}`}</span>
                      <StatusBadge status={run.status} />
                    </div>
                    <div className="flex items-center justify-between gap-3 text-xs text-zinc-500">
                      <span className="truncate">
                        {run.bot.name} v{run.botVersion.number} · {run.dataset.name} v{run.dataset.version} · {run.variants.join(" vs ")}
                      </span>
                      <span className="shrink-0 tabular-nums">
                        {run.completed}/{run.total}
                      </span>
                    </div>
                    {run.status === "RUNNING" && <ProgressBar completed={run.completed} total={run.total} />}
                  </Link>
                </li>
              ))}
            </ul>
          </CardContent>
        </Card>
      </div>
    </div>
  );
}
