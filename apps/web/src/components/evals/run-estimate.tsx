"use client";
// The estimate shown before an eval run starts (POST …/eval-runs/estimate with the form's body):
// calls, cost and time, minus what the response cache is expected to answer. The server's refusal
// of the same body (a grid too large, evaluators needing expected values) shows here before Start.
import type { EvalEstimate } from "@switchyard/evals";
import { useEffect, useState } from "react";
import { api } from "@/lib/api";
import { formatCost } from "@/lib/format";
import type { POST as estimateEvalRun } from "@/app/api/workspaces/[workspaceId]/eval-runs/estimate/route";
import type { ResponseOf } from "@/server/route";

type Estimate = EvalEstimate;

/** Above this the form asks for a confirmation before starting. */
export const COSTLY_USD = 5;

const duration = (ms: number) =>
  ms < 60_000
    ? `${Math.max(1, Math.round(ms / 1_000))} s`
    : ms < 3_600_000
      ? `${Math.round(ms / 60_000)} min`
      : `${(ms / 3_600_000).toFixed(1)} h`;

export function useEstimate(workspaceId: string, body: object | null) {
  const [state, setState] = useState<{ estimate: Estimate | null; error: string | null; loading: boolean }>({
    estimate: null,
    error: null,
    loading: false,
  });
  const key = body ? JSON.stringify(body) : null;
  useEffect(() => {
    if (!key) return;
    let cancelled = false;
    // typing in a field should not send a request per key
    const timer = setTimeout(() => {
      setState((current) => ({ ...current, loading: true }));
      api<ResponseOf<typeof estimateEvalRun>>(`/api/workspaces/${workspaceId}/eval-runs/estimate`, { body: JSON.parse(key) })
        .then(({ estimate }) => !cancelled && setState({ estimate, error: null, loading: false }))
        .catch((error: Error) => !cancelled && setState({ estimate: null, error: error.message, loading: false }));
    }, 300);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [workspaceId, key]);
  return state;
}

export function RunEstimate({ estimate, error, loading }: ReturnType<typeof useEstimate>) {
  if (error)
    return (
      <p className="rounded-lg bg-red-50 px-4 py-3 text-sm text-red-800" role="alert" data-testid="estimate-error">
        {error}
      </p>
    );
  if (!estimate) return <p className="text-sm text-zinc-500">{loading ? "Estimating…" : ""}</p>;
  const paid = estimate.calls - estimate.cachedCalls;
  return (
    <div className="rounded-lg bg-zinc-50 px-4 py-3 text-sm text-zinc-700" data-testid="estimate">
      <p>
        Estimated <strong className="tabular-nums">{estimate.pairs}</strong> runs making{" "}
        <strong className="tabular-nums">{estimate.calls}</strong> model calls
        {estimate.cachedCalls > 0 && (
          <>
            , <strong className="tabular-nums">{estimate.cachedCalls}</strong> of them answered from the cache ({paid} paid)
          </>
        )}
        : about <strong className="tabular-nums">{formatCost(estimate.costUsd)}</strong> and{" "}
        <strong className="tabular-nums">{duration(estimate.durationMs)}</strong>.
      </p>
      {estimate.unpriced.length > 0 && (
        <p className="text-xs text-amber-700">Price unknown for {estimate.unpriced.join(", ")}: not included.</p>
      )}
      {estimate.untimed.length > 0 && (
        <p className="text-xs text-zinc-500">No recent latency for {estimate.untimed.join(", ")}: timed at 1.5 s per call.</p>
      )}
      <p className="text-xs text-zinc-500">Tokens estimated at 4 characters each from the dataset and the flow&apos;s prompts.</p>
    </div>
  );
}
