"use client";
// Monthly budgets: this month's spend against each cap, the warning line, and (for owners) editing.
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { FieldError, Input, Label } from "@/components/ui/input";
import { api } from "@/lib/api";
import { cn } from "@/lib/cn";
import { formatUsd } from "./format";
import { useApiAction } from "@/lib/use-api-action";

export interface BudgetLine {
  /** null: the workspace */
  deploymentId: string | null;
  name: string;
  capUsd: number | null;
  warnPercent: number;
  spentUsd: number;
}

export function BudgetsPanel({
  workspaceId,
  canEdit,
  lines,
  month,
}: {
  workspaceId: string;
  canEdit: boolean;
  lines: BudgetLine[];
  month: string;
}) {
  return (
    <Card>
      <CardHeader>
        <CardTitle>Monthly budgets</CardTitle>
        <p className="text-sm text-zinc-600">
          Spend in {month} (UTC). When a budget is reached, new runs are refused until it is raised or the month ends; runs already going
          finish.
        </p>
      </CardHeader>
      <CardContent className="flex flex-col divide-y divide-zinc-100 p-0">
        {lines.map((line) => (
          <BudgetRow key={line.deploymentId ?? "workspace"} workspaceId={workspaceId} canEdit={canEdit} line={line} />
        ))}
      </CardContent>
    </Card>
  );
}

function BudgetRow({ workspaceId, canEdit, line }: { workspaceId: string; canEdit: boolean; line: BudgetLine }) {
  const router = useRouter();
  const [editing, setEditing] = useState(false);
  const { error, run } = useApiAction();
  const used = line.capUsd ? line.spentUsd / line.capUsd : 0;
  const state = !line.capUsd ? "none" : used >= 1 ? "over" : used * 100 >= line.warnPercent ? "warn" : "ok";
  const path = line.deploymentId
    ? `/api/workspaces/${workspaceId}/deployments/${line.deploymentId}/budget`
    : `/api/workspaces/${workspaceId}/budget`;

  async function save(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const cap = String(form.get("cap") ?? "").trim();
    await run(async () => {
      await api(path, {
        method: "PUT",
        body: { monthlyBudgetUsd: cap === "" ? null : Number(cap), budgetWarnPercent: Number(form.get("warn")) },
      });
      setEditing(false);
      router.refresh();
    });
  }

  return (
    <div className="flex flex-col gap-3 px-6 py-4" data-testid={`budget-${line.deploymentId ?? "workspace"}`}>
      <div className="flex items-center justify-between gap-4">
        <div className="min-w-0">
          <div className="truncate text-sm font-medium text-zinc-900">{line.name}</div>
          <div className="text-xs text-zinc-500">
            {formatUsd(line.spentUsd)} spent
            {line.capUsd ? ` of ${formatUsd(line.capUsd)} · warns at ${line.warnPercent}%` : " · no budget"}
          </div>
        </div>
        <div className="flex items-center gap-3">
          {state === "warn" && (
            <span className="rounded-full bg-amber-100 px-2 py-0.5 text-xs font-medium text-amber-800">Near budget</span>
          )}
          {state === "over" && <span className="rounded-full bg-red-100 px-2 py-0.5 text-xs font-medium text-red-700">Budget reached</span>}
          {canEdit && !editing && (
            <Button variant="outline" size="sm" onClick={() => setEditing(true)}>
              {line.capUsd ? "Edit" : "Set budget"}
            </Button>
          )}
        </div>
      </div>
      {line.capUsd !== null && (
        <div className="relative h-2 overflow-hidden rounded-full bg-zinc-100" aria-label={`${Math.round(used * 100)}% of budget used`}>
          <div
            className={cn("h-full rounded-full", state === "over" ? "bg-red-500" : state === "warn" ? "bg-amber-500" : "bg-indigo-500")}
            style={{ width: `${Math.min(100, used * 100)}%` }}
          />
          <div className="absolute top-0 h-full w-px bg-zinc-400" style={{ left: `${line.warnPercent}%` }} />
        </div>
      )}
      {editing && (
        <form onSubmit={save} className="flex flex-wrap items-end gap-3">
          <div className="flex flex-col gap-1">
            <Label htmlFor={`cap-${line.deploymentId ?? "ws"}`} className="text-xs text-zinc-500">
              Monthly budget (USD, empty for none)
            </Label>
            <Input
              id={`cap-${line.deploymentId ?? "ws"}`}
              name="cap"
              type="number"
              min="0"
              step="any"
              defaultValue={line.capUsd ?? ""}
              className="w-48"
            />
          </div>
          <div className="flex flex-col gap-1">
            <Label htmlFor={`warn-${line.deploymentId ?? "ws"}`} className="text-xs text-zinc-500">
              Warn at (%)
            </Label>
            <Input
              id={`warn-${line.deploymentId ?? "ws"}`}
              name="warn"
              type="number"
              min="1"
              max="100"
              defaultValue={line.warnPercent}
              className="w-24"
            />
          </div>
          <Button type="submit" size="sm">
            Save
          </Button>
          <Button type="button" variant="ghost" size="sm" onClick={() => setEditing(false)}>
            Cancel
          </Button>
          <FieldError message={error} />
        </form>
      )}
    </div>
  );
}
