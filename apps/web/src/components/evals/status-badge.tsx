import { cn } from "@/lib/cn";

const styles: Record<string, string> = {
  QUEUED: "bg-zinc-100 text-zinc-700",
  RUNNING: "bg-sky-50 text-sky-700",
  SUCCEEDED: "bg-emerald-50 text-emerald-700",
  FAILED: "bg-red-50 text-red-700",
  CANCELLED: "bg-amber-50 text-amber-800",
};
const labels: Record<string, string> = { SUCCEEDED: "finished", CANCELLED: "stopped" };

export function StatusBadge({ status }: { status: string }) {
  return (
    <span className={cn("inline-flex rounded-full px-2 py-0.5 text-xs font-medium", styles[status])}>
      {labels[status] ?? status.toLowerCase()}
    </span>
  );
}

export function ProgressBar({ completed, total }: { completed: number; total: number }) {
  const share = total ? Math.min(1, completed / total) : 0;
  return (
    <div
      className="h-1.5 w-full overflow-hidden rounded-full bg-zinc-100"
      role="progressbar"
      aria-valuenow={completed}
      aria-valuemax={total}
    >
      <div className="h-full rounded-full bg-indigo-500 transition-all" style={{ width: `${share * 100}%` }} />
    </div>
  );
}
