"use client";
// One eval run as it happens: progress (polled), per-variant statistics, the quality-vs-cost chart
// with the recommendation, the results matrix, stop/resume and comparison.
import { recommend, type EvalSummary } from "@switchyard/evals";
import { ArrowLeft, GitCompare, Pause, Play } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { Button, buttonVariants } from "@/components/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { FieldError, Select } from "@/components/ui/input";
import { api } from "@/lib/api";
import { formatCost, pricesHref } from "@/lib/format";
import { QualityCostChart } from "./quality-cost-chart";
import { ResultsMatrix, type MatrixResult } from "./results-matrix";
import { ProgressBar, StatusBadge } from "./status-badge";

export interface EvalRunData {
  id: string;
  name: string;
  status: string;
  completed: number;
  total: number;
  variants: { key: string; label: string }[];
  bot: { id: string; name: string };
  botVersion: { number: number };
  datasetVersion: { number: number; dataset: { id: string; name: string } };
  summary: EvalSummary;
  /** Variants calling a model without a price: their cost is unknown, not $0. */
  unpricedVariants?: string[];
}

const percent = (value: number) => `${Math.round(value * 1000) / 10}%`;

export function EvalRunView({
  workspaceId,
  canEdit,
  initial,
  openCompare,
}: {
  workspaceId: string;
  canEdit: boolean;
  initial: EvalRunData;
  openCompare: boolean;
}) {
  const router = useRouter();
  const [run, setRun] = useState(initial);
  const [results, setResults] = useState<MatrixResult[]>([]);
  const [margin, setMargin] = useState(0.05);
  const [error, setError] = useState<string | null>(null);
  const [before, setBefore] = useState(initial.variants[0]?.key ?? "");
  const [after, setAfter] = useState(initial.variants[1]?.key ?? initial.variants[0]?.key ?? "");
  const api_ = `/api/workspaces/${workspaceId}/eval-runs/${run.id}`;
  const active = run.status === "RUNNING" || run.status === "QUEUED";
  const compareHref = `/w/${workspaceId}/evals/compare?before=${run.id}:${before}&after=${run.id}:${after}`;

  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    async function poll() {
      try {
        const [{ evalRun }, { results: rows }] = await Promise.all([
          api<{ evalRun: EvalRunData }>(api_),
          api<{ results: MatrixResult[] }>(`${api_}/results`),
        ]);
        if (stopped) return;
        setRun(evalRun);
        setResults(rows);
        if (evalRun.status === "RUNNING" || evalRun.status === "QUEUED") timer = setTimeout(() => void poll(), 1_000);
      } catch (caught) {
        if (!stopped) setError((caught as Error).message);
      }
    }
    void poll();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [api_, active]);

  // "Swap model and re-run evals" lands here and moves on to the comparison once the run is done
  useEffect(() => {
    if (openCompare && run.status === "SUCCEEDED" && run.variants.length >= 2) router.replace(compareHref);
  }, [openCompare, run.status, run.variants.length, compareHref, router]);

  async function control(action: "stop" | "resume") {
    setError(null);
    try {
      await api(`${api_}/${action}`, { method: "POST" });
      setRun((current) => ({ ...current, status: action === "stop" ? "CANCELLED" : "RUNNING" }));
    } catch (caught) {
      setError((caught as Error).message);
    }
  }

  const { stats, frontier } = run.summary;
  const recommendation = recommend(stats, margin);
  return (
    <div className="mx-auto flex max-w-7xl flex-col gap-6 px-8 py-8">
      <Link href={`/w/${workspaceId}/evals`} className="inline-flex items-center gap-1 text-sm text-zinc-500 hover:text-zinc-800">
        <ArrowLeft className="h-4 w-4" /> Evals
      </Link>
      <div className="flex flex-wrap items-start justify-between gap-4">
        <div className="flex flex-col gap-1">
          <div className="flex items-center gap-3">
            <h1 className="text-2xl font-semibold tracking-tight">{run.name || "Eval run"}</h1>
            <StatusBadge status={run.status} />
          </div>
          <p className="text-sm text-zinc-600">
            <Link className="hover:underline" href={`/w/${workspaceId}/bots/${run.bot.id}`}>
              {run.bot.name}
            </Link>{" "}
            v{run.botVersion.number} on{" "}
            <Link
              className="hover:underline"
              href={`/w/${workspaceId}/evals/datasets/${run.datasetVersion.dataset.id}?version=${run.datasetVersion.number}`}
            >
              {run.datasetVersion.dataset.name}
            </Link>{" "}
            v{run.datasetVersion.number}
          </p>
        </div>
        {canEdit && (
          <div className="flex gap-2">
            {active && (
              <Button variant="outline" onClick={() => void control("stop")}>
                <Pause className="h-4 w-4" /> Stop
              </Button>
            )}
            {(run.status === "CANCELLED" || run.status === "FAILED") && (
              <Button variant="outline" onClick={() => void control("resume")}>
                <Play className="h-4 w-4" /> Resume
              </Button>
            )}
          </div>
        )}
      </div>
      <div className="flex items-center gap-3" aria-label="Progress">
        <ProgressBar completed={run.completed} total={run.total} />
        <span className="shrink-0 text-sm tabular-nums text-zinc-600" data-testid="eval-progress">
          {run.completed} / {run.total}
        </span>
      </div>
      <FieldError message={error} />

      <div className="grid grid-cols-1 gap-6 xl:grid-cols-[3fr_2fr]">
        <Card>
          <CardHeader>
            <CardTitle>Quality vs cost</CardTitle>
          </CardHeader>
          <CardContent>
            <QualityCostChart stats={stats} frontier={frontier} recommended={recommendation?.variantKey ?? null} />
          </CardContent>
        </Card>
        <Card>
          <CardHeader>
            <CardTitle>Recommendation</CardTitle>
          </CardHeader>
          <CardContent className="flex flex-col gap-4">
            <label className="flex flex-col gap-1 text-sm">
              <span className="text-zinc-600">
                Accept a score up to <strong className="tabular-nums">{Math.round(margin * 100)} points</strong> below the best
              </span>
              <input
                aria-label="Margin"
                type="range"
                min={0}
                max={0.5}
                step={0.01}
                value={margin}
                onChange={(event) => setMargin(Number(event.target.value))}
              />
            </label>
            <p className="rounded-lg bg-emerald-50 px-4 py-3 text-sm text-emerald-900" data-testid="recommendation">
              {recommendation?.text ?? "No results yet."}
            </p>
            {run.variants.length >= 2 && (
              <div className="flex flex-wrap items-end gap-2 border-t border-zinc-100 pt-4">
                <Select aria-label="Compare from" className="w-40" value={before} onChange={(event) => setBefore(event.target.value)}>
                  {run.variants.map((variant) => (
                    <option key={variant.key} value={variant.key}>
                      {variant.label}
                    </option>
                  ))}
                </Select>
                <span className="pb-2 text-sm text-zinc-500">→</span>
                <Select aria-label="Compare to" className="w-40" value={after} onChange={(event) => setAfter(event.target.value)}>
                  {run.variants.map((variant) => (
                    <option key={variant.key} value={variant.key}>
                      {variant.label}
                    </option>
                  ))}
                </Select>
                <Link href={compareHref} className={buttonVariants({ variant: "outline" })}>
                  <GitCompare className="h-4 w-4" /> Compare
                </Link>
              </div>
            )}
          </CardContent>
        </Card>
      </div>

      <Card>
        <CardHeader>
          <CardTitle>Per variant</CardTitle>
        </CardHeader>
        <CardContent className="p-0">
          <table className="w-full text-sm" aria-label="Variant statistics">
            <thead className="bg-zinc-50 text-left text-xs uppercase text-zinc-500">
              <tr>
                {["Variant", "Items", "Mean score", "Pass rate", "Total cost", "Per item", "p50 latency", "p95 latency", "Errors"].map(
                  (heading) => (
                    <th key={heading} className="px-4 py-2 font-medium">
                      {heading}
                    </th>
                  ),
                )}
              </tr>
            </thead>
            <tbody>
              {stats.map((stat) => (
                <tr key={stat.variantKey} className="border-t border-zinc-100 tabular-nums">
                  <td className="px-4 py-2 font-medium">
                    {stat.label}
                    {frontier.includes(stat.variantKey) && (
                      <span className="ml-2 rounded bg-indigo-50 px-1.5 py-0.5 text-xs text-indigo-700">frontier</span>
                    )}
                  </td>
                  <td className="px-4 py-2">{stat.items}</td>
                  <td className="px-4 py-2">{percent(stat.meanScore)}</td>
                  <td className="px-4 py-2">{percent(stat.passRate)}</td>
                  {!stat.totalCostUsd && run.unpricedVariants?.includes(stat.variantKey) ? (
                    <td className="px-4 py-2" colSpan={2}>
                      <a className="text-amber-700 underline" href={pricesHref(workspaceId)}>
                        price unknown
                      </a>
                    </td>
                  ) : (
                    <>
                      <td className="px-4 py-2">{formatCost(stat.totalCostUsd)}</td>
                      <td className="px-4 py-2">{formatCost(stat.costPerItemUsd)}</td>
                    </>
                  )}
                  <td className="px-4 py-2">{stat.p50LatencyMs ?? "—"} ms</td>
                  <td className="px-4 py-2">{stat.p95LatencyMs ?? "—"} ms</td>
                  <td className="px-4 py-2">{stat.errors}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </CardContent>
      </Card>

      <Card>
        <CardHeader>
          <CardTitle>Results</CardTitle>
        </CardHeader>
        <CardContent>
          <ResultsMatrix variants={run.variants} results={results} />
        </CardContent>
      </Card>
    </div>
  );
}
