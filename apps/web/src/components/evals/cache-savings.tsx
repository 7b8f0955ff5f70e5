// What the eval response cache did for one eval run: calls answered from it per variant and the cost
// they saved, or that the run bypassed it.
import { formatCost } from "@/lib/format";

export interface CacheTotals {
  variantKey: string;
  cachedCalls: number;
  savedUsd: number;
}

export function CacheSavings({
  useCache,
  totals,
  variants,
}: {
  useCache: boolean;
  totals: CacheTotals[];
  variants: { key: string; label: string }[];
}) {
  if (!useCache)
    return (
      <p className="text-sm text-zinc-500" data-testid="cache-savings">
        Response cache bypassed: every call went to the provider.
      </p>
    );
  const calls = totals.reduce((sum, row) => sum + row.cachedCalls, 0);
  const saved = totals.reduce((sum, row) => sum + row.savedUsd, 0);
  if (!calls)
    return (
      <p className="text-sm text-zinc-500" data-testid="cache-savings">
        No calls answered from the response cache yet.
      </p>
    );
  const label = (key: string) => variants.find((variant) => variant.key === key)?.label ?? key;
  const parts = totals.map((row) => `${label(row.variantKey)} ${row.cachedCalls}`).join(", ");
  return (
    <p className="text-sm text-zinc-600" data-testid="cache-savings">
      <strong className="tabular-nums">{calls}</strong> {calls === 1 ? "call" : "calls"} answered from the response cache ({parts})
      {saved > 0 ? (
        <>
          , saving <strong className="tabular-nums">{formatCost(saved)}</strong>
        </>
      ) : (
        " (their models have no price, so nothing was saved in dollars)"
      )}
      .
    </p>
  );
}
