"use client";
// One eval run as it happens: progress (polled), per-variant statistics, the quality-vs-cost chart
// with the recommendation, the results matrix, stop/resume and comparison.
import { evaluatorIds, evaluatorLabels, itemScores, recommend, rowsForEvaluator, toResultRow } from "@switchyard/evals";
import { ArrowLeft, Pause, Play } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useMemo, useState } from "react";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { FieldError, Select } from "@/components/ui/input";
import { AttackSummaryCard } from "./attack-summary-card";
import { LearnRouterButton } from "./learn-router-button";
import { api } from "@/lib/api";
import { useApiAction } from "@/lib/use-api-action";
import { cn } from "@/lib/cn";
import { PairedPanel } from "./paired-panel";
import { CacheSavings } from "./cache-savings";
import { pricesHref } from "@/lib/format";
import { QualityCostChart } from "./quality-cost-chart";
import { ResultsMatrix, type MatrixResult } from "./results-matrix";
import { ProgressBar, StatusBadge } from "./status-badge";
import { VariantTable } from "./variant-table";
import type { GET as getEvalRun } from "@/app/api/workspaces/[workspaceId]/eval-runs/[evalRunId]/route";
import type { GET as listResults } from "@/app/api/workspaces/[workspaceId]/eval-runs/[evalRunId]/results/route";
import type { ResponseOf } from "@/server/route";

/** What the page shows of an eval run: the API's fields (the page passes them first, then polls). */
export type EvalRunData = Pick<
  ResponseOf<typeof getEvalRun>["evalRun"],
  | "id"
  | "name"
  | "status"
  | "completed"
  | "total"
  | "variants"
  | "evaluators"
  | "repeats"
  | "bot"
  | "botVersion"
  | "datasetVersion"
  | "summary"
  | "useCache"
  | "cache"
  | "routeShares"
  | "unpricedVariants"
>;

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
  const { error, setError, run: act } = useApiAction();
  const [before, setBefore] = useState(initial.variants[0]?.key ?? "");
  const [after, setAfter] = useState(initial.variants[1]?.key ?? initial.variants[0]?.key ?? "");
  /** The paired comparison on the overall score ("") or on one evaluator's. */
  const [metric, setMetric] = useState("");
  const api_ = `/api/workspaces/${workspaceId}/eval-runs/${run.id}`;
  const active = run.status === "RUNNING" || run.status === "QUEUED";
  const compareHref = `/w/${workspaceId}/evals/compare?before=${run.id}:${before}&after=${run.id}:${after}`;

  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    async function poll() {
      try {
        const [{ evalRun }, { results: rows }] = await Promise.all([
          api<ResponseOf<typeof getEvalRun>>(api_),
          api<ResponseOf<typeof listResults>>(`${api_}/results`),
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
  }, [api_, active, setError]);

  // "Swap model and re-run evals" lands here and moves on to the comparison once the run is done
  useEffect(() => {
    if (openCompare && run.status === "SUCCEEDED" && run.variants.length >= 2) router.replace(compareHref);
  }, [openCompare, run.status, run.variants.length, compareHref, router]);

  async function control(action: "stop" | "resume") {
    await act(async () => {
      await api(`${api_}/${action}`, { method: "POST" });
      setRun((current) => ({ ...current, status: action === "stop" ? "CANCELLED" : "RUNNING" }));
    });
  }

  const { stats, frontier } = run.summary;
  // every repeat averaged into one score per item and variant: what the paired statistics compare
  const rows = useMemo(() => results.map(toResultRow), [results]);
  const items = useMemo(() => itemScores(rows), [rows]);
  const metricItems = useMemo(() => (metric ? itemScores(rowsForEvaluator(rows, metric)) : items), [metric, rows, items]);
  const metrics = evaluatorIds(rows);
  const evaluatorNames = Object.fromEntries(
    (run.evaluators ?? []).map((evaluator) => [evaluator.id, evaluator.name || evaluatorLabels[evaluator.kind] || evaluator.id]),
  );
  const recommendation = recommend(stats, items, margin);
  const injectionEvaluator = run.evaluators?.find((evaluator) => evaluator.kind === "prompt_injection");
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
            {run.status === "SUCCEEDED" && run.variants.length >= 2 && (
              // a router learns which items the cheaper models pass; the page it opens shows the proof
              <LearnRouterButton evalRunApi={api_} workspaceId={workspaceId} evaluators={run.evaluators ?? []} repeats={run.repeats} />
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
      <CacheSavings useCache={run.useCache} totals={run.cache} variants={run.variants} />
      <FieldError message={error} />
      {injectionEvaluator && <AttackSummaryCard results={results} evaluatorId={injectionEvaluator.id} finished={!active} />}

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
                Accept a score up to <strong className="tabular-nums">{Math.round(margin * 100)} points</strong> below the best (at 95 %
                confidence)
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
            <p
              className={cn(
                "rounded-lg px-4 py-3 text-sm",
                recommendation?.kind === "recommend" ? "bg-emerald-50 text-emerald-900" : "bg-amber-50 text-amber-900",
              )}
              data-testid="recommendation"
              data-kind={recommendation?.kind ?? "none"}
            >
              {recommendation?.text ?? "No results yet."}
            </p>
            {run.variants.length >= 2 && (
              <div className="flex flex-col gap-3 border-t border-zinc-100 pt-4">
                {metrics.length > 1 && (
                  <label className="flex items-center gap-2 text-sm text-zinc-600">
                    Compare on
                    <Select aria-label="Compare on" className="w-56" value={metric} onChange={(event) => setMetric(event.target.value)}>
                      <option value="">Overall score</option>
                      {metrics.map((id) => (
                        <option key={id} value={id}>
                          {evaluatorNames[id] ?? id}
                        </option>
                      ))}
                    </Select>
                  </label>
                )}
                <PairedPanel
                  variants={run.variants}
                  items={metricItems}
                  first={before}
                  second={after}
                  onChange={(first, second) => {
                    setBefore(first);
                    setAfter(second);
                  }}
                  compareHref={compareHref}
                />
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
          <VariantTable
            stats={stats}
            frontier={frontier}
            routeShares={run.routeShares}
            unpriced={run.unpricedVariants}
            pricesHref={pricesHref(workspaceId)}
            evaluatorNames={evaluatorNames}
          />
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
