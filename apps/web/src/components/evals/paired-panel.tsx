"use client";
// Paired comparison of two variants of one eval run on the items both have: the verdict sentence, the
// difference with its interval and the paired tests, and a link to the item-by-item comparison.
import { comparePaired, formatPoints, type ItemScores } from "@switchyard/evals";
import { GitCompare } from "lucide-react";
import Link from "next/link";
import { useMemo } from "react";
import { buttonVariants } from "@/components/ui/button";
import { Select } from "@/components/ui/input";

const pValue = (value: number) => (value < 0.001 ? "p < 0.001" : `p = ${value.toFixed(3)}`);
const signed = (value: number) => `${value < 0 ? "−" : "+"}${formatPoints(value)}`;
const labelOf = (variants: { key: string; label: string }[], key: string) => variants.find((variant) => variant.key === key)?.label ?? key;

export function PairedPanel({
  variants,
  items,
  first,
  second,
  onChange,
  compareHref,
}: {
  variants: { key: string; label: string }[];
  items: ReadonlyMap<string, ItemScores>;
  first: string;
  second: string;
  onChange: (first: string, second: string) => void;
  compareHref: string;
}) {
  const label = (key: string) => labelOf(variants, key);
  const comparison = useMemo(
    () =>
      first === second
        ? null
        : comparePaired(
            { label: labelOf(variants, first), items: items.get(first) ?? new Map() },
            { label: labelOf(variants, second), items: items.get(second) ?? new Map() },
          ),
    [first, second, items, variants],
  );
  const picker = (value: string, name: string, set: (key: string) => void) => (
    <Select aria-label={name} className="w-44" value={value} onChange={(event) => set(event.target.value)}>
      {variants.map((variant) => (
        <option key={variant.key} value={variant.key}>
          {variant.label}
        </option>
      ))}
    </Select>
  );
  return (
    <div className="flex flex-col gap-3" data-testid="paired-panel">
      <div className="flex flex-wrap items-end gap-2">
        {picker(first, "Compare from", (key) => onChange(key, second))}
        <span className="pb-2 text-sm text-zinc-500">vs</span>
        {picker(second, "Compare to", (key) => onChange(first, key))}
        <Link href={compareHref} className={buttonVariants({ variant: "outline" })}>
          <GitCompare className="h-4 w-4" /> Item by item
        </Link>
      </div>
      {comparison === null ? (
        <p className="text-sm text-zinc-500">Pick two different variants.</p>
      ) : (
        <>
          <p className="rounded-lg bg-zinc-50 px-4 py-3 text-sm font-medium text-zinc-900" data-testid="paired-verdict">
            {comparison.sentence}
          </p>
          {comparison.items > 1 && (
            <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-xs text-zinc-600 tabular-nums">
              <dt>
                Difference ({label(first)} − {label(second)})
              </dt>
              <dd>
                {signed(comparison.meanDifference)} points (95 % CI {signed(comparison.interval[0])} to {signed(comparison.interval[1])}),
                over {comparison.items} items
              </dd>
              <dt>Sign test</dt>
              <dd>
                {label(first)} higher on {comparison.signTest.aHigher}, {label(second)} on {comparison.signTest.bHigher} items;{" "}
                {pValue(comparison.signTest.pValue)}
              </dd>
              <dt>Pass/fail (McNemar, exact)</dt>
              <dd>
                only {label(first)} passed {comparison.mcnemar.aOnly}, only {label(second)} passed {comparison.mcnemar.bOnly};{" "}
                {pValue(comparison.mcnemar.pValue)}
              </dd>
            </dl>
          )}
        </>
      )}
    </div>
  );
}
