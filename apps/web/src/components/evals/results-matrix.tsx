"use client";
// Items × variants: each cell the variant's output, its score, pass/fail and the evaluators' reasons;
// with repeats, how many of them passed ("2 / 3 passed") and every repeat's output.
import { disagreements, isMeasured, toResultRow, type StoredScores, type Turn } from "@switchyard/evals";
import { useMemo, useState } from "react";
import { cn } from "@/lib/cn";
import { ConversationTurns } from "./conversation-turns";
// the item column is w-64; a variant's answer, scores and latency need about 200 px to be read
const ITEM_COLUMN_PX = 256;
const VARIANT_COLUMN_PX = 200;

export interface MatrixResult {
  datasetItemId: string;
  variantKey: string;
  repeat?: number;
  output: unknown;
  scores: unknown;
  passed: boolean | null;
  error: string | null;
  costUsd: number;
  latencyMs: number | null;
  runId: string | null;
  datasetItem: { position: number; input: unknown; history?: unknown; expected: unknown };
}

type Filter = "all" | "failures" | "disagreements";

export function ResultsMatrix({ variants, results }: { variants: { key: string; label: string }[]; results: MatrixResult[] }) {
  const [filter, setFilter] = useState<Filter>("all");
  const items = useMemo(() => {
    const byItem = new Map<
      string,
      { position: number; input: string; history: Turn[] | null; expected: string | null; cells: Map<string, MatrixResult[]> }
    >();
    for (const result of results) {
      const entry = byItem.get(result.datasetItemId) ?? {
        position: result.datasetItem.position,
        input: String(result.datasetItem.input),
        history: (result.datasetItem.history as Turn[] | null | undefined) ?? null,
        expected: (result.datasetItem.expected as string | null) ?? null,
        cells: new Map(),
      };
      entry.cells.set(result.variantKey, [...(entry.cells.get(result.variantKey) ?? []), result]);
      byItem.set(result.datasetItemId, entry);
    }
    const disagreeing = disagreements(results.map(toResultRow));
    return [...byItem]
      .filter(([itemId, entry]) =>
        filter === "all"
          ? true
          : filter === "disagreements"
            ? disagreeing.has(itemId)
            : [...entry.cells.values()].flat().some((cell) => measured(cell) && !cell.passed),
      )
      .sort(([, a], [, b]) => a.position - b.position);
  }, [results, filter]);

  return (
    <div className="flex flex-col gap-3">
      <div className="flex items-center gap-1" role="radiogroup" aria-label="Show">
        {(["all", "failures", "disagreements"] as const).map((option) => (
          <button
            key={option}
            type="button"
            role="radio"
            aria-checked={filter === option}
            onClick={() => setFilter(option)}
            className={cn(
              "rounded-md px-3 py-1 text-xs font-medium capitalize",
              filter === option ? "bg-zinc-900 text-white" : "text-zinc-600 hover:bg-zinc-100",
            )}
          >
            {option}
          </button>
        ))}
        <span className="ml-2 text-xs text-zinc-500">{items.length} items</span>
      </div>
      <div className="overflow-x-auto rounded-lg border border-zinc-200">
        {/* every variant keeps a readable column: many variants scroll inside the card, never squeeze or widen the page */}
        <table
          className="w-full table-fixed text-sm"
          style={{ minWidth: Math.max(720, ITEM_COLUMN_PX + variants.length * VARIANT_COLUMN_PX) }}
          aria-label="Results matrix"
        >
          <thead className="bg-zinc-50 text-left text-xs uppercase text-zinc-500">
            <tr>
              <th className="w-64 px-3 py-2">Item</th>
              {variants.map((variant) => (
                <th key={variant.key} className="px-3 py-2 normal-case">
                  {variant.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {items.map(([itemId, entry]) => (
              <tr key={itemId} className="border-t border-zinc-100 align-top">
                <td className="px-3 py-2">
                  {entry.history?.length ? <ConversationTurns turns={entry.history} /> : null}
                  <div className="line-clamp-3 text-zinc-900">{entry.input}</div>
                  {entry.expected !== null && <div className="mt-1 line-clamp-2 text-xs text-zinc-500">Expected: {entry.expected}</div>}
                </td>
                {variants.map((variant) => (
                  <Cell key={variant.key} runs={entry.cells.get(variant.key)} />
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

/** Errored, or scored by some evaluator; a run every evaluator skipped is neither passed nor failed. */
const measured = (run: MatrixResult) => isMeasured({ error: run.error, score: (run.scores as StoredScores | null)?.score ?? null });

function Cell({ runs }: { runs: MatrixResult[] | undefined }) {
  if (!runs?.length) return <td className="px-3 py-2 text-xs text-zinc-400">pending…</td>;
  const counted = runs.filter(measured);
  const passedRuns = counted.filter((run) => run.passed).length;
  const unmeasured = counted.length === 0;
  const allPassed = !unmeasured && passedRuns === counted.length;
  // an errored run scores 0, as in the statistics; a run nothing measured is left out
  const scoreSum = counted.reduce((sum, run) => sum + ((run.scores as StoredScores | null)?.score ?? 0), 0);
  const first = runs[0]!;
  const firstScores = first.scores as StoredScores | null;
  const tone = unmeasured ? "zinc" : allPassed ? "emerald" : passedRuns ? "amber" : "red";
  return (
    <td
      className={cn(
        "px-3 py-2",
        { zinc: "bg-zinc-50/60", emerald: "bg-emerald-50/40", amber: "bg-amber-50/40", red: "bg-red-50/40" }[tone],
      )}
      data-passed={unmeasured ? "unmeasured" : allPassed ? "true" : "false"}
      data-testid="matrix-cell"
    >
      <div className="mb-1 flex items-center gap-2 text-xs">
        <span
          className={cn(
            "rounded px-1.5 py-0.5 font-medium",
            {
              zinc: "bg-zinc-100 text-zinc-600",
              emerald: "bg-emerald-100 text-emerald-800",
              amber: "bg-amber-100 text-amber-800",
              red: "bg-red-100 text-red-800",
            }[tone],
          )}
          title={unmeasured ? "Every evaluator skipped this item: it counts neither as passed nor as failed" : undefined}
        >
          {unmeasured
            ? "not measured"
            : counted.length > 1 || runs.length > 1
              ? `${passedRuns} / ${counted.length} passed`
              : allPassed
                ? "pass"
                : "fail"}
        </span>
        {counted.length > 0 && <span className="tabular-nums text-zinc-600">{Math.round((scoreSum / counted.length) * 100)}%</span>}
        {first.latencyMs !== null && <span className="tabular-nums text-zinc-400">{first.latencyMs} ms</span>}
      </div>
      {runs.length > 1 ? (
        <ol className="space-y-0.5 text-zinc-800">
          {runs.map((run) => (
            <li key={run.repeat ?? 0} className="line-clamp-2 whitespace-pre-wrap" title={run.error ?? String(run.output ?? "")}>
              {measured(run) ? (
                <span className={run.passed ? "text-emerald-700" : "text-red-700"}>{run.passed ? "✓" : "✗"}</span>
              ) : (
                <span className="text-zinc-400">–</span>
              )}{" "}
              {run.error ?? String(run.output ?? "")}
            </li>
          ))}
        </ol>
      ) : (
        <div className="line-clamp-3 whitespace-pre-wrap text-zinc-800">{first.error ?? String(first.output ?? "")}</div>
      )}
      {firstScores && (firstScores.evaluators.length > 0 || (firstScores.checks?.length ?? 0) > 0) && (
        <ul className="mt-1 space-y-0.5 text-xs text-zinc-500">
          {[
            ...firstScores.evaluators,
            ...(firstScores.checks ?? []).map((check) => ({ ...check, evaluatorId: `${check.evaluatorId} (check)` })),
          ].map((score) => (
            <li key={score.evaluatorId} title={score.reason}>
              {/* an evaluator that did not apply to the item (a retrieval metric without expected sources) is neither */}
              {"skipped" in score && score.skipped ? (
                <span className="text-zinc-400">–</span>
              ) : (
                <span className={score.passed ? "text-emerald-700" : "text-red-700"}>{score.passed ? "✓" : "✗"}</span>
              )}{" "}
              {score.evaluatorId}: {score.reason}
            </li>
          ))}
        </ul>
      )}
    </td>
  );
}
