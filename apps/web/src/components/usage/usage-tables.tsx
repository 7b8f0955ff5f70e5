// Server-rendered tables of the dashboard: traffic share per model with the cost comparison, and
// usage per bot and per deployment.
import type { ReactNode } from "react";
import type { UsageDashboard } from "@/server/usage";
import { LOCAL_PROVIDERS, providerName } from "@/lib/format";
import { MarkFreeButton } from "./mark-free-button";
import { formatCount, formatMs, formatPercent, formatUsd } from "./format";

type Figures = Omit<UsageDashboard["byBot"][number], "unpricedModels">;

const head = "py-2 text-right text-xs font-medium text-zinc-500";
const cell = "py-2 text-right tabular-nums";

function FigureHeads() {
  return (
    <>
      <th className={head}>Requests</th>
      <th className={head}>Tokens in / out</th>
      <th className={head}>Cost</th>
      <th className={head}>p50 / p95</th>
      <th className={head}>Errors</th>
    </>
  );
}

/**
 * `pricesHref`: some of the row's calls went to models without a price, so its cost is unknown (or
 * more than shown), not a confident $0; link to where prices are set. `unpriced` names those models;
 * `priceAction` sits beside the link (a local model's "Free").
 */
function FigureCells({
  row,
  pricesHref,
  unpriced = [],
  priceAction,
}: {
  row: Omit<Figures, "botId" | "name">;
  pricesHref?: string;
  unpriced?: string[];
  priceAction?: ReactNode;
}) {
  return (
    <>
      <td className={cell}>{formatCount(row.requests)}</td>
      <td className={cell}>
        {formatCount(row.tokensIn)} / {formatCount(row.tokensOut)}
      </td>
      <td className={`${cell} font-medium text-zinc-900`}>
        {pricesHref ? (
          <>
            {row.costUsd > 0 && `${formatUsd(row.costUsd)} + `}
            <a
              className="font-normal text-amber-700 underline"
              href={pricesHref}
              title={unpriced.length ? `No price is set for ${unpriced.join(", ")}` : undefined}
            >
              price unknown
            </a>
            {priceAction && <span className="ml-2">{priceAction}</span>}
          </>
        ) : (
          formatUsd(row.costUsd)
        )}
      </td>
      <td className={cell}>
        {formatMs(row.latencyP50Ms)} / {formatMs(row.latencyP95Ms)}
      </td>
      <td className={`${cell} ${row.errorRate > 0.05 ? "text-red-600" : ""}`}>{formatPercent(row.errorRate)}</td>
    </>
  );
}

/** `priceEditor`: the workspace, when the viewer may set prices (a local model without one gets a "Free" button). */
export function ModelShareTable({
  models,
  comparison,
  unpriced,
  pricesHref,
  priceEditor,
}: Pick<UsageDashboard, "comparison"> & {
  models: UsageDashboard["byModel"];
  unpriced: ReadonlySet<string>;
  pricesHref: string;
  priceEditor?: { workspaceId: string };
}) {
  const expensive = comparison.mostExpensive;
  const saved = expensive && expensive.costUsd > 0 ? 1 - comparison.actualCostUsd / expensive.costUsd : null;
  return (
    <div className="flex flex-col gap-4">
      {expensive && (
        <div
          className="flex flex-wrap items-baseline gap-x-6 gap-y-1 rounded-lg bg-indigo-50 px-4 py-3 text-sm"
          data-testid="cost-comparison"
        >
          <span className="text-zinc-700">
            All this traffic on <span className="font-medium text-zinc-900">{expensive.model}</span>, the most expensive model in use, would
            have cost <span className="font-semibold text-zinc-900">{formatUsd(expensive.costUsd)}</span>.
          </span>
          <span className="text-zinc-700">
            It cost <span className="font-semibold text-zinc-900">{formatUsd(comparison.actualCostUsd)}</span>
            {saved !== null && saved > 0 && <span className="ml-1 font-medium text-emerald-700">({formatPercent(saved, 0)} less)</span>}
          </span>
        </div>
      )}
      <table className="w-full text-sm">
        <thead>
          <tr className="border-b border-zinc-100">
            <th className="py-2 text-left text-xs font-medium text-zinc-500">Model</th>
            <th className="w-1/4 py-2 text-left text-xs font-medium text-zinc-500">Traffic share</th>
            <FigureHeads />
          </tr>
        </thead>
        <tbody>
          {models.map((row) => (
            <tr key={`${row.provider}/${row.model}`} className="border-b border-zinc-50 last:border-0">
              <td className="py-2">
                <div className="font-medium text-zinc-900">{row.model}</div>
                <div className="text-xs text-zinc-500">{providerName(row.provider)}</div>
              </td>
              <td className="py-2 pr-4">
                <div className="flex items-center gap-2">
                  <div className="h-2 flex-1 overflow-hidden rounded-full bg-zinc-100">
                    <div className="h-full rounded-full bg-indigo-500" style={{ width: `${row.share * 100}%` }} />
                  </div>
                  <span className="w-12 text-right text-xs tabular-nums text-zinc-600">{formatPercent(row.share)}</span>
                </div>
              </td>
              <FigureCells
                row={row}
                pricesHref={unpriced.has(`${row.provider}/${row.model}`) && !row.costUsd ? pricesHref : undefined}
                priceAction={
                  priceEditor &&
                  LOCAL_PROVIDERS.has(row.provider) && (
                    <MarkFreeButton workspaceId={priceEditor.workspaceId} provider={row.provider} model={row.model} />
                  )
                }
              />
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** `pricesHref`: where a row whose calls include models without a price links to. */
export function BreakdownTable({
  label,
  rows,
  pricesHref,
}: {
  label: string;
  rows: (Omit<Figures, "botId"> & { id: string; unpricedModels: string[] })[];
  pricesHref: string;
}) {
  return (
    <table className="w-full text-sm">
      <thead>
        <tr className="border-b border-zinc-100">
          <th className="py-2 text-left text-xs font-medium text-zinc-500">{label}</th>
          <FigureHeads />
        </tr>
      </thead>
      <tbody>
        {[...rows]
          .sort((a, b) => b.costUsd - a.costUsd)
          .map((row) => (
            <tr key={row.id} className="border-b border-zinc-50 last:border-0">
              <td className="max-w-56 truncate py-2 font-medium text-zinc-900">{row.name}</td>
              <FigureCells row={row} pricesHref={row.unpricedModels.length ? pricesHref : undefined} unpriced={row.unpricedModels} />
            </tr>
          ))}
      </tbody>
    </table>
  );
}
