"use client";
// A learned router: while it trains, its status; then the proof. The accuracy/cost curve over
// thresholds next to the single models, the cost saved at the quality target, a warning when the router
// does not beat the best single model, a threshold to try, and "Use this router" for the bot's draft.
import type { CurvePoint, RouterReport } from "@switchyard/evals";
import { AlertTriangle, ArrowLeft, Check, Route } from "lucide-react";
import Link from "next/link";
import { useEffect, useState } from "react";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { FieldError } from "@/components/ui/input";
import { api } from "@/lib/api";
import { useApiAction } from "@/lib/use-api-action";
import { formatCost, percent } from "@/lib/format";
import { RouterCurveChart } from "./router-curve-chart";
import { RouterReliability } from "./router-reliability";
import { StatusBadge } from "./status-badge";
import type { GET as getRouter } from "@/app/api/workspaces/[workspaceId]/routers/[routerId]/route";
import type { POST as adoptRouter } from "@/app/api/workspaces/[workspaceId]/routers/[routerId]/adopt/route";
import type { ResponseOf } from "@/server/route";

/** What the page shows of a learned router: the API's fields (the page passes them first, then polls). */
export type LearnedRouterData = Pick<
  ResponseOf<typeof getRouter>["router"],
  "id" | "botId" | "evalRunId" | "status" | "error" | "trainingMs" | "routes" | "report"
>;

/** Hundredths as such; a threshold chosen between them (from the out-of-fold chances) with four places. */
const thresholdText = (threshold: number) =>
  Math.abs(threshold * 100 - Math.round(threshold * 100)) < 1e-9 ? threshold.toFixed(2) : threshold.toFixed(4);

function shareText(point: CurvePoint, routes: LearnedRouterData["routes"]) {
  return routes.map((route) => `${percent(point.share[route.key] ?? 0)} ${route.model}`).join(", ");
}

/**
 * The report with each model alone called by its model: the variants' labels a router was learned from
 * are often the form's defaults ("current", "Variant 2"), which say nothing about the model.
 */
function byModel(report: RouterReport | null, routes: LearnedRouterData["routes"]): RouterReport | null {
  if (!report) return null;
  const model = (key: string, label: string) => routes.find((route) => route.key === key)?.model ?? label;
  return { ...report, singles: report.singles.map((single) => ({ ...single, label: model(single.key, single.label) })) };
}

export function LearnedRouterView({
  workspaceId,
  canEdit,
  initial,
  evalRunName,
  datasetId,
}: {
  workspaceId: string;
  canEdit: boolean;
  initial: LearnedRouterData;
  evalRunName: string;
  /** The dataset the router was learned on: an eval of the routed draft starts on it. */
  datasetId: string;
}) {
  const [router, setRouter] = useState(initial);
  const [selectedIndex, setSelectedIndex] = useState<number | null>(null);
  const [adopted, setAdopted] = useState<{ botId: string } | null>(null);
  const { error, setError, run } = useApiAction();
  const training = router.status === "QUEUED" || router.status === "RUNNING";

  useEffect(() => {
    if (!training) return;
    const timer = setTimeout(async () => {
      try {
        setRouter((await api<ResponseOf<typeof getRouter>>(`/api/workspaces/${workspaceId}/routers/${router.id}`)).router);
      } catch (caught) {
        setError((caught as Error).message);
      }
    }, 700);
    return () => clearTimeout(timer);
  }, [training, router, workspaceId, setError]);

  const report = byModel(router.report, router.routes);
  // the chosen threshold may lie between the curve's hundredths (it is chosen among finer candidates):
  // the slider starts at the nearest grid point, and adopting without moving it adopts the chosen one
  const chosenIndex = report ? nearestIndex(report.curve, report.choice.chosen.threshold) : 0;
  const selected = report ? report.curve[selectedIndex ?? chosenIndex]! : null;
  const best = report?.singles.find((single) => single.key === report.strongest);

  async function adopt() {
    await run(async () => {
      setAdopted(
        await api<ResponseOf<typeof adoptRouter>>(`/api/workspaces/${workspaceId}/routers/${router.id}/adopt`, {
          body: selectedIndex === null ? {} : { threshold: selected!.threshold },
        }),
      );
    });
  }

  return (
    <div className="mx-auto flex max-w-7xl flex-col gap-6 px-8 py-8">
      <Link
        href={`/w/${workspaceId}/evals/runs/${router.evalRunId}`}
        className="inline-flex items-center gap-1 text-sm text-zinc-500 hover:text-zinc-800"
      >
        <ArrowLeft className="h-4 w-4" /> {evalRunName || "Eval run"}
      </Link>
      <div className="flex flex-col gap-1">
        <div className="flex items-center gap-3">
          <h1 className="text-2xl font-semibold tracking-tight">Learned router</h1>
          <StatusBadge status={router.status} />
        </div>
        <p className="text-sm text-zinc-600">
          Routes between {router.routes.map((route) => route.model).join(" and ")}, learned from the eval run&apos;s results
          {report && ` on ${report.items} items, checked by ${report.folds}-fold cross-validation`}
          {router.trainingMs !== null && ` (trained in ${(router.trainingMs / 1000).toFixed(1)} s)`}.
        </p>
      </div>
      <FieldError message={error ?? (router.status === "FAILED" ? router.error : null)} />
      {training && <p className="text-sm text-zinc-500">Training…</p>}

      {report && selected && best && (
        <>
          {!report.choice.beatsSingleModels && (
            <p className="flex items-start gap-2 rounded-lg bg-amber-50 px-4 py-3 text-sm text-amber-900" data-testid="router-warning">
              <AlertTriangle className="mt-0.5 h-4 w-4 shrink-0" />
              This router does not beat the best single model: at {percent(report.qualityTarget)} of {best.label}&apos;s quality, using{" "}
              {report.singles.find((single) => single.key === report.choice.cheapestSingleAtTarget)?.label} alone costs no more. Keep the
              single model, or collect more eval results.
            </p>
          )}
          <div className="grid grid-cols-1 gap-6 xl:grid-cols-[3fr_2fr]">
            <Card>
              <CardHeader>
                <CardTitle>Accuracy vs cost across thresholds</CardTitle>
              </CardHeader>
              <CardContent>
                <RouterCurveChart
                  curve={report.curve}
                  singles={report.singles}
                  chosen={report.choice.chosen}
                  selected={selected}
                  targetAccuracy={report.choice.targetAccuracy}
                />
                <p className="text-xs text-zinc-500">
                  Line: the router at every threshold, measured on held-out items. Orange: each model alone. Ring: the chosen threshold.
                  Dashed:
                  {` ${percent(report.qualityTarget)}`} of the best model&apos;s accuracy.
                </p>
              </CardContent>
            </Card>
            <Card>
              <CardHeader>
                <CardTitle>Proof</CardTitle>
              </CardHeader>
              <CardContent className="flex flex-col gap-4 text-sm">
                <div className="rounded-lg bg-emerald-50 px-4 py-3 text-emerald-900">
                  <div className="text-xs uppercase tracking-wide">
                    Cost saved at {percent(report.qualityTarget)} of {best.label}&apos;s quality
                  </div>
                  <div className="text-3xl font-semibold tabular-nums" data-testid="cost-saved">
                    {percent(report.choice.costSaved)}
                  </div>
                  <div>
                    Chosen threshold {thresholdText(report.choice.chosen.threshold)}: accuracy {percent(report.choice.chosen.accuracy)}{" "}
                    (best model {percent(best.accuracy)}), {formatCost(report.choice.chosen.costPerItemUsd)} per item vs{" "}
                    {formatCost(best.costPerItemUsd)}; {shareText(report.choice.chosen, router.routes)}.
                  </div>
                  <div className="mt-1 text-xs" data-testid="router-policy">
                    {report.policy === "gap"
                      ? `Policy: the cheapest model whose expected loss against ${best.label} is at most 1 − the threshold (requests both fail, or both pass, lose nothing)`
                      : "Policy: the cheapest model predicted to pass with at least the threshold"}
                    {report.policies && report.policies.length > 1 ? ", chosen by cross-validation as the cheaper of the two." : "."}
                  </div>
                  {report.choice.chosen.qualityVsBest !== undefined && report.choice.chosen.qualityStdError !== undefined && (
                    <div className="mt-1 text-xs" data-testid="quality-bound">
                      Quality {percent(report.choice.chosen.qualityVsBest)} of {best.label}&apos;s on held-out items; its lower confidence
                      bound ({report.margin} standard errors,
                      {report.margin === 1.645 ? " one-sided 95 %" : ""}) is{" "}
                      {percent(report.choice.chosen.qualityVsBest - report.margin * report.choice.chosen.qualityStdError)}, which is what
                      must reach {percent(report.qualityTarget)}.
                    </div>
                  )}
                </div>
                {report.verify && (
                  <div className="rounded-lg bg-sky-50 px-4 py-3 text-sky-900" data-testid="verify-line">
                    <div className="text-xs uppercase tracking-wide">With a verify line (learned + cascade)</div>
                    <div className="text-2xl font-semibold tabular-nums">{percent(report.verify.costSaved)} saved</div>
                    <div>
                      {report.policy === "gap" ? "1 − expected loss" : "Chance"} ≥ {thresholdText(report.verify.verifyBelow)}: the cheaper
                      model answers unchecked ({percent(report.verify.share.cheap)}
                      ); ≥ {thresholdText(report.verify.threshold)}: its answer is checked
                      {verifiedBy(report.verify)} and escalated when rejected ({percent(report.verify.share.checked)}); below: {best.label}{" "}
                      ({percent(report.verify.share.strong)}). Quality {percent(report.verify.qualityVsBest)}, lower bound{" "}
                      {percent(report.verify.lowerBound)}
                      {report.verify.margin !== undefined && report.verify.margin > report.margin
                        ? ` (${report.verify.margin.toFixed(2)} standard errors: it holds for every pair of lines tried at once, so for the one picked)`
                        : ""}
                      . Using the chosen threshold adopts both lines.
                    </div>
                  </div>
                )}
                {report.verifyDeclined && (
                  <p className="rounded-lg bg-zinc-50 px-4 py-3 text-zinc-700" data-testid="verify-declined">
                    No verify line: checking the cheaper model&apos;s answers
                    {verifiedBy(report.verifyDeclined)} saved nothing over the threshold alone on these items, so this router sends each
                    request straight to one model.
                  </p>
                )}
                {report.reliability && (
                  <RouterReliability
                    reliability={report.reliability}
                    qualityTarget={report.qualityTarget}
                    margin={report.margin}
                    bestLabel={best.label}
                  />
                )}
                <label className="flex flex-col gap-1">
                  <span className="text-zinc-600">
                    Threshold <strong className="tabular-nums">{selected.threshold.toFixed(2)}</strong>: accuracy{" "}
                    {percent(selected.accuracy)}, {formatCost(selected.costPerItemUsd)} per item; {shareText(selected, router.routes)}
                  </span>
                  <input
                    aria-label="Threshold"
                    type="range"
                    min={0}
                    max={report.curve.length - 1}
                    value={selectedIndex ?? chosenIndex}
                    onChange={(event) => setSelectedIndex(Number(event.target.value))}
                  />
                </label>
                {canEdit && (
                  <div className="flex flex-wrap items-center gap-3 border-t border-zinc-100 pt-4">
                    <Button onClick={() => void adopt()}>
                      <Route className="h-4 w-4" /> Use this router
                    </Button>
                    {adopted && (
                      <span className="inline-flex items-center gap-1 text-emerald-700" data-testid="router-adopted">
                        <Check className="h-4 w-4" /> In the draft at threshold {selected.threshold.toFixed(2)}.{" "}
                        <Link className="underline" href={`/w/${workspaceId}/bots/${adopted.botId}`}>
                          Open the bot
                        </Link>
                        {" · "}
                        <Link
                          className="underline"
                          href={`/w/${workspaceId}/evals/runs/new?bot=${adopted.botId}&target=draft&dataset=${datasetId}`}
                        >
                          Evaluate the routed draft
                        </Link>
                      </span>
                    )}
                  </div>
                )}
              </CardContent>
            </Card>
          </div>
        </>
      )}
    </div>
  );
}

function nearestIndex(curve: CurvePoint[], threshold: number): number {
  let best = 0;
  curve.forEach((point, i) => {
    if (Math.abs(point.threshold - threshold) < Math.abs(curve[best]!.threshold - threshold)) best = i;
  });
  return best;
}

/** How the checked band's answers are (or would have been) checked, as the verify line's sentence says it. */
function verifiedBy(verify: Pick<NonNullable<RouterReport["verify"]>, "verifier" | "evaluatorId">): string {
  if (verify.verifier?.kind === "self_consistency")
    return ` by self-consistency (${verify.verifier.samples} samples of the cheaper model must agree; the extra samples are in the cost)`;
  return verify.evaluatorId ? ` by the evaluator "${verify.evaluatorId}"` : "";
}
