"use client";
// Per-variant statistics: mean score and pass rate each with its 95 % interval, each quality evaluator's
// mean with its interval when there are several (the knowledge-base metrics side by side), the latency
// and cost checks in columns of their own (they are not part of the quality score), cost and latency.
import type { VariantStats } from "@switchyard/evals";
import { formatCost, percent } from "@/lib/format";

const range = ([low, high]: [number, number]) => `${Math.round(low * 100)}–${Math.round(high * 100)}%`;

/** Items per route of each Router node, for variants whose flow routes. */
export type RouteShares = { variantKey: string; nodeId: string; route: string; items: number }[];

/** "cheap 50% · strong 50%" for one variant (node ids named only when several routers routed). */
function routeShareText(shares: RouteShares, variantKey: string) {
  const mine = shares.filter((share) => share.variantKey === variantKey);
  const nodes = new Set(mine.map((share) => share.nodeId));
  return [...nodes]
    .map((nodeId) => {
      const rows = mine.filter((share) => share.nodeId === nodeId);
      const total = rows.reduce((sum, row) => sum + row.items, 0);
      const text = rows.map((row) => `${row.route} ${Math.round((row.items / total) * 100)}%`).join(" · ");
      return nodes.size > 1 ? `${nodeId}: ${text}` : text;
    })
    .join("; ");
}

export function VariantTable({
  stats,
  frontier,
  routeShares = [],
  unpriced = [],
  pricesHref,
  evaluatorNames = {},
}: {
  stats: VariantStats[];
  /** Evaluator id → the name its column shows. */
  evaluatorNames?: Record<string, string>;
  frontier: string[];
  routeShares?: RouteShares;
  /** Variants calling a model without a price: their cost is unknown, not $0. */
  unpriced?: string[];
  pricesHref?: string;
}) {
  const routed = routeShares.length > 0;
  const checks = [...new Set(stats.flatMap((stat) => (stat.checks ?? []).map((check) => check.evaluatorId)))];
  const evaluators = [...new Set(stats.flatMap((stat) => (stat.evaluators ?? []).map((entry) => entry.evaluatorId)))];
  // runs include those of unmeasured items: repeats are runs per item with results, measured or not
  const withResults = (stat: VariantStats) => stat.items + stat.unmeasured;
  const repeated = stats.some((stat) => withResults(stat) > 0 && stat.runs > withResults(stat));
  const headings = [
    "Variant",
    repeated ? "Items × repeats" : "Items",
    "Mean score (95 % CI)",
    "Pass rate (95 % CI)",
    ...evaluators.map((id) => evaluatorNames[id] ?? id),
    ...checks.map((id) => `Check: ${id}`),
    "Total cost",
    "Per item",
    "p50 latency",
    "p95 latency",
    "Errors",
    ...(routed ? ["Routes"] : []),
  ];
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-sm" aria-label="Variant statistics">
        <thead className="bg-zinc-50 text-left text-xs uppercase text-zinc-500">
          <tr>
            {headings.map((heading) => (
              <th key={heading} className="whitespace-nowrap px-4 py-2 font-medium">
                {heading}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {stats.map((stat) => (
            <tr key={stat.variantKey} className="border-t border-zinc-100 tabular-nums" data-variant={stat.variantKey}>
              <td className="px-4 py-2 font-medium">
                {stat.label}
                {frontier.includes(stat.variantKey) && (
                  <span className="ml-2 rounded bg-indigo-50 px-1.5 py-0.5 text-xs text-indigo-700">frontier</span>
                )}
              </td>
              <td className="px-4 py-2">
                {repeated && withResults(stat) ? `${stat.items} × ${Math.round(stat.runs / withResults(stat))}` : stat.items}
                {stat.unmeasured > 0 && (
                  <span className="ml-1 text-xs text-zinc-500" data-testid="unmeasured-items">
                    + {stat.unmeasured} not measured
                  </span>
                )}
              </td>
              {/* no measured item: a 0 % (0–0 %) would read as a measured failure */}
              {stat.items === 0 && stat.unmeasured > 0 ? (
                <td className="px-4 py-2 text-zinc-500" colSpan={2} data-testid="mean-score">
                  not measured
                </td>
              ) : (
                <>
                  <td className="px-4 py-2" data-testid="mean-score">
                    {percent(stat.meanScore)} <span className="text-xs text-zinc-500">({range(stat.scoreInterval)})</span>
                  </td>
                  <td className="px-4 py-2" data-testid="pass-rate">
                    {percent(stat.passRate)} <span className="text-xs text-zinc-500">({range(stat.passRateInterval)})</span>
                  </td>
                </>
              )}
              {evaluators.map((id) => {
                const entry = stat.evaluators?.find((candidate) => candidate.evaluatorId === id);
                return (
                  <td key={id} className="whitespace-nowrap px-4 py-2" data-evaluator={id}>
                    {entry?.items ? (
                      <>
                        {percent(entry.meanScore)} <span className="text-xs text-zinc-500">({range(entry.scoreInterval)})</span>
                      </>
                    ) : (
                      "—"
                    )}
                  </td>
                );
              })}
              {checks.map((id) => {
                const check = stat.checks?.find((candidate) => candidate.evaluatorId === id);
                return (
                  <td key={id} className="px-4 py-2">
                    {check ? `${percent(check.passRate)} passed` : "—"}
                  </td>
                );
              })}
              {!stat.totalCostUsd && unpriced.includes(stat.variantKey) ? (
                <td className="px-4 py-2" colSpan={2}>
                  <a className="text-amber-700 underline" href={pricesHref}>
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
              {routed && <td className="px-4 py-2 text-xs">{routeShareText(routeShares, stat.variantKey) || "—"}</td>}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
