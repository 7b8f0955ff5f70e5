// Visitors' and API callers' thumbs up and down on this deployment's answers, the latest thumbs-down
// with what they said was wrong, and the way to turn those answers into test cases.
import { ThumbsDown, ThumbsUp } from "lucide-react";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { ago } from "@/lib/time";
import { AddFeedbackToDataset } from "./add-feedback-to-dataset";

interface ThumbsDownAnswer {
  runId: string;
  message: string;
  answer: string;
  comments: string[];
  ratedAt: string;
}

const number = new Intl.NumberFormat("en");

export function DeploymentFeedback({
  workspaceId,
  deploymentId,
  days,
  counts,
  latest,
  datasets,
  canEdit,
}: {
  workspaceId: string;
  deploymentId: string;
  days: number;
  counts: { up: number; down: number };
  latest: ThumbsDownAnswer[];
  datasets: { id: string; name: string }[];
  canEdit: boolean;
}) {
  const rated = counts.up + counts.down;
  const figures = [
    { label: "Thumbs up", icon: ThumbsUp, value: number.format(counts.up), colour: "text-emerald-700" },
    { label: "Thumbs down", icon: ThumbsDown, value: number.format(counts.down), colour: "text-red-700" },
    { label: "Liked", icon: null, value: rated ? `${Math.round((100 * counts.up) / rated)} %` : "–", colour: "text-zinc-900" },
  ];
  return (
    <Card>
      <CardHeader>
        <CardTitle>Feedback</CardTitle>
        <p className="text-sm text-zinc-500">Thumbs up and down on answers in the last {days} days, from the widget and the API.</p>
      </CardHeader>
      <CardContent className="flex flex-col gap-4">
        <dl className="grid grid-cols-3 gap-4" aria-label="Feedback totals">
          {figures.map((figure) => (
            <div key={figure.label} className="rounded-lg bg-zinc-50 px-4 py-3">
              <dt className="flex items-center gap-1 text-xs font-medium uppercase tracking-wide text-zinc-500">
                {figure.icon && <figure.icon className="h-3.5 w-3.5" aria-hidden />} {figure.label}
              </dt>
              <dd className={`text-2xl font-semibold tabular-nums ${figure.colour}`}>{figure.value}</dd>
            </div>
          ))}
        </dl>
        {latest.length > 0 && (
          <ul className="divide-y divide-zinc-100 rounded-lg border border-zinc-100" aria-label="Latest thumbs-down answers">
            {latest.map((item) => (
              <li key={item.runId} className="flex items-start gap-3 px-3 py-2 text-sm">
                <ThumbsDown className="mt-0.5 h-4 w-4 shrink-0 text-red-500" aria-hidden />
                <div className="min-w-0 flex-1">
                  <p className="truncate font-medium text-zinc-900">{item.message}</p>
                  <p className="truncate text-zinc-500">{item.answer || "No answer"}</p>
                  {item.comments.map((comment) => (
                    <p key={comment} className="mt-0.5 text-xs italic text-zinc-700">
                      “{comment}”
                    </p>
                  ))}
                </div>
                <span className="shrink-0 text-xs text-zinc-500">{ago(item.ratedAt)}</span>
              </li>
            ))}
          </ul>
        )}
        {canEdit && <AddFeedbackToDataset workspaceId={workspaceId} deploymentId={deploymentId} datasets={datasets} />}
      </CardContent>
    </Card>
  );
}
