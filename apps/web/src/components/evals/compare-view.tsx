"use client";
// Two sides (an eval run's variant each): which items improved, regressed or stayed, with both
// outputs side by side, and the two variants on the quality-vs-cost chart.
import type { Change, EvalSummary } from "@switchyard/evals";
import { ArrowLeft, Check } from "lucide-react";
import Link from "next/link";
import { useState } from "react";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { buttonVariants } from "@/components/ui/button";
import { cn } from "@/lib/cn";
import { QualityCostChart } from "./quality-cost-chart";
import { PageHeader } from "@/components/ui/page-header";
import { percent } from "@/lib/format";

interface Side {
  run: { id: string; name: string; botVersion: number; botId: string };
  variant: { key: string; label: string };
}

interface Row {
  input: string;
  expected: string | null;
  change: Change;
  delta: number | null;
  before: { score: number | null; passed: boolean; output: string | null } | null;
  after: { score: number | null; passed: boolean; output: string | null } | null;
}

export interface ComparisonData {
  before: Side;
  after: Side;
  items: Row[];
  counts: Record<Change, number>;
  meanBefore: number;
  meanAfter: number;
}

const changeStyle: Record<Change, string> = {
  improved: "bg-emerald-100 text-emerald-800",
  regressed: "bg-red-100 text-red-800",
  unchanged: "bg-zinc-100 text-zinc-600",
  "only-before": "bg-amber-50 text-amber-800",
  "only-after": "bg-amber-50 text-amber-800",
};

const percentOrDash = (value: number | null | undefined) => (value == null ? "—" : percent(value));

export function CompareView({ workspaceId, data, summary }: { workspaceId: string; data: ComparisonData; summary: EvalSummary | null }) {
  const [show, setShow] = useState<"changed" | "all">("changed");
  const rows = show === "all" ? data.items : data.items.filter((item) => item.change === "improved" || item.change === "regressed");
  const sameRun = data.before.run.id === data.after.run.id;
  // within one eval run the variants say it all; across runs, say which run each side comes from
  const side = (entry: Side) =>
    sameRun ? entry.variant.label : `${entry.variant.label} in “${entry.run.name || "eval run"}” (v${entry.run.botVersion})`;
  const delta = data.meanAfter - data.meanBefore;
  return (
    <div className="mx-auto flex max-w-7xl flex-col gap-6 px-8 py-8">
      <Link
        href={`/w/${workspaceId}/evals/runs/${data.after.run.id}`}
        className="inline-flex items-center gap-1 text-sm text-zinc-500 hover:text-zinc-800"
      >
        <ArrowLeft className="h-4 w-4" /> Eval run
      </Link>
      <PageHeader
        align="start"
        title="Comparison"
        description={
          <>
            <strong>{side(data.before)}</strong> → <strong>{side(data.after)}</strong>
            {sameRun && (
              <span>
                {" "}
                · {data.after.run.name || "eval run"}, bot version {data.after.run.botVersion}
              </span>
            )}
          </>
        }
        actions={
          // the editor applies the variant's changes to the draft as one undoable edit
          <Link
            href={`/w/${workspaceId}/bots/${data.after.run.botId}?apply=${data.after.run.id}:${data.after.variant.key}`}
            className={buttonVariants({ variant: "outline" })}
          >
            <Check className="h-4 w-4" /> Use {data.after.variant.label} in the draft
          </Link>
        }
      />
      <div className="grid grid-cols-2 gap-4 md:grid-cols-4" aria-label="Comparison summary">
        <Stat label="Improved" value={data.counts.improved} tone="text-emerald-700" />
        <Stat label="Regressed" value={data.counts.regressed} tone="text-red-700" />
        <Stat label="Unchanged" value={data.counts.unchanged} tone="text-zinc-700" />
        <Stat
          label="Mean score"
          value={`${percentOrDash(data.meanBefore)} → ${percentOrDash(data.meanAfter)}`}
          hint={`${delta >= 0 ? "+" : ""}${Math.round(delta * 1000) / 10} points`}
          tone={delta > 0 ? "text-emerald-700" : delta < 0 ? "text-red-700" : "text-zinc-700"}
        />
      </div>
      {summary && (
        <Card>
          <CardHeader>
            <CardTitle>Quality vs cost</CardTitle>
          </CardHeader>
          <CardContent>
            <QualityCostChart stats={summary.stats} frontier={summary.frontier} recommended={null} />
          </CardContent>
        </Card>
      )}
      <Card>
        <CardHeader className="flex-row items-center justify-between">
          <CardTitle>Items</CardTitle>
          <div className="flex gap-1" role="radiogroup" aria-label="Show items">
            {(["changed", "all"] as const).map((option) => (
              <button
                key={option}
                type="button"
                role="radio"
                aria-checked={show === option}
                onClick={() => setShow(option)}
                className={cn(
                  "rounded-md px-3 py-1 text-xs font-medium capitalize",
                  show === option ? "bg-zinc-900 text-white" : "text-zinc-600 hover:bg-zinc-100",
                )}
              >
                {option}
              </button>
            ))}
          </div>
        </CardHeader>
        <CardContent className="p-0">
          <table className="w-full table-fixed text-sm" aria-label="Compared items">
            <thead className="bg-zinc-50 text-left text-xs uppercase text-zinc-500">
              <tr>
                <th className="w-28 px-4 py-2">Change</th>
                <th className="px-4 py-2">Item</th>
                <th className="px-4 py-2 normal-case">{data.before.variant.label}</th>
                <th className="px-4 py-2 normal-case">{data.after.variant.label}</th>
              </tr>
            </thead>
            <tbody>
              {rows.length === 0 && (
                <tr>
                  <td colSpan={4} className="px-4 py-6 text-center text-zinc-500">
                    No item changed its score.
                  </td>
                </tr>
              )}
              {rows.map((row) => (
                <tr key={row.input} className="border-t border-zinc-100 align-top">
                  <td className="px-4 py-2">
                    <span className={cn("rounded px-1.5 py-0.5 text-xs font-medium", changeStyle[row.change])}>
                      {row.change.replace("-", " ")}
                    </span>
                  </td>
                  <td className="px-4 py-2">
                    <div className="line-clamp-3">{row.input}</div>
                    {row.expected !== null && <div className="mt-1 text-xs text-zinc-500">Expected: {row.expected}</div>}
                  </td>
                  <SideCell entry={row.before} />
                  <SideCell entry={row.after} />
                </tr>
              ))}
            </tbody>
          </table>
        </CardContent>
      </Card>
    </div>
  );
}

function Stat({ label, value, hint, tone }: { label: string; value: string | number; hint?: string; tone: string }) {
  return (
    <Card className="px-5 py-4">
      <div className="text-xs uppercase tracking-wide text-zinc-500">{label}</div>
      <div className={cn("mt-1 text-2xl font-semibold tabular-nums", tone)}>{value}</div>
      {hint && <div className="text-xs text-zinc-500">{hint}</div>}
    </Card>
  );
}

function SideCell({ entry }: { entry: Row["before"] }) {
  if (!entry) return <td className="px-4 py-2 text-xs text-zinc-400">not in this side</td>;
  return (
    <td className="px-4 py-2">
      <div className="mb-1 flex items-center gap-2 text-xs">
        <span
          className={cn("rounded px-1.5 py-0.5 font-medium", entry.passed ? "bg-emerald-100 text-emerald-800" : "bg-red-100 text-red-800")}
        >
          {entry.passed ? "pass" : "fail"}
        </span>
        <span className="tabular-nums text-zinc-600">{percentOrDash(entry.score)}</span>
      </div>
      <div className="line-clamp-3 whitespace-pre-wrap text-zinc-800">{entry.output}</div>
    </td>
  );
}
