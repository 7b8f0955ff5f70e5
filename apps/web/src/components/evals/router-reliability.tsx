// How sure a learned router's quality is on new requests (report.reliability): on a small eval the
// cross-validated curve can show no loss at all, while its items cannot rule out one; the page says so.
import type { RouterReport } from "@switchyard/evals";
import { AlertTriangle } from "lucide-react";
import { percent } from "@/lib/format";

export function RouterReliability({
  reliability,
  qualityTarget,
  margin,
  bestLabel,
}: {
  reliability: NonNullable<RouterReport["reliability"]>;
  qualityTarget: number;
  margin: number;
  bestLabel: string;
}) {
  const short = reliability.qualityAsLowAs < qualityTarget - 1e-12;
  return (
    <p
      className={`flex items-start gap-2 rounded-lg px-4 py-3 ${short ? "bg-amber-50 text-amber-900" : "bg-zinc-50 text-zinc-700"}`}
      data-testid="router-reliability"
    >
      {short && <AlertTriangle className="mt-0.5 h-4 w-4 shrink-0" />}
      <span>
        Learned from {reliability.items} items ({reliability.offStrongest} sent to a cheaper model): on new requests like these its quality
        could be as low as {percent(reliability.qualityAsLowAs)} of {bestLabel}&apos;s
        {margin === 1.645 ? " (one-sided 95 %)" : ` (${margin} standard errors)`}.
        {short &&
          ` That is under the ${percent(qualityTarget)} target: ${reliability.items} items cannot show more. Learn again from an eval run with more items to narrow it.`}
      </span>
    </p>
  );
}
