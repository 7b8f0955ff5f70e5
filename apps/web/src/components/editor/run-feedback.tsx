"use client";
// The feedback on the picked run (widget visitors', API callers' and members'), and the member's own
// thumbs up or down on it.
import { ThumbsDown, ThumbsUp } from "lucide-react";
import { useCallback, useEffect, useState } from "react";
import { Button } from "@/components/ui/button";
import { api } from "@/lib/api";
import { useApiAction } from "@/lib/use-api-action";
import type { GET as getRun } from "@/app/api/runs/[runId]/route";
import type { ResponseOf } from "@/server/route";

interface Feedback {
  score: number;
  comment: string | null;
  source: "WIDGET" | "API" | "APP";
}

const sourceLabel = { WIDGET: "widget visitor", API: "API caller", APP: "member" } as const;

/** 👍 2 👎 1, for a run's row in the list. */
export function FeedbackTally({ feedback }: { feedback: { score: number }[] }) {
  const up = feedback.filter((item) => item.score > 0).length;
  const down = feedback.length - up;
  if (!feedback.length) return null;
  return (
    <span role="img" className="ml-2 inline-flex items-center gap-1.5 text-zinc-600" aria-label={`${up} thumbs up, ${down} thumbs down`}>
      {up > 0 && (
        <span className="inline-flex items-center gap-0.5 text-emerald-700">
          <ThumbsUp className="h-3 w-3" aria-hidden /> {up}
        </span>
      )}
      {down > 0 && (
        <span className="inline-flex items-center gap-0.5 text-red-700">
          <ThumbsDown className="h-3 w-3" aria-hidden /> {down}
        </span>
      )}
    </span>
  );
}

export function RunFeedbackPanel({ runId, onRated }: { runId: string; onRated: () => void }) {
  const [feedback, setFeedback] = useState<Feedback[]>([]);
  const { error, setError, run } = useApiAction();
  const load = useCallback(
    () => api<ResponseOf<typeof getRun>>(`/api/runs/${runId}`).then(({ run }) => setFeedback(run.feedback)),
    [runId],
  );
  useEffect(() => {
    setError(null);
    void load().catch(() => setFeedback([]));
  }, [load, setError]);

  async function rate(score: 1 | -1) {
    await run(async () => {
      await api(`/api/runs/${runId}/feedback`, { body: { score } });
      await load();
      onRated();
    });
  }

  return (
    <div role="group" className="flex flex-col gap-1 border-t border-zinc-100 px-4 py-2 text-[11px]" aria-label="Feedback on this run">
      <div className="flex items-center gap-1">
        <span className="mr-auto text-zinc-500">
          {feedback.length ? `${feedback.length} rating${feedback.length === 1 ? "" : "s"}` : "Not rated yet"}
        </span>
        <Button size="sm" variant="ghost" aria-label="Rate this run thumbs up" onClick={() => void rate(1)}>
          <ThumbsUp className="h-3.5 w-3.5" />
        </Button>
        <Button size="sm" variant="ghost" aria-label="Rate this run thumbs down" onClick={() => void rate(-1)}>
          <ThumbsDown className="h-3.5 w-3.5" />
        </Button>
      </div>
      {feedback.map((item, index) => (
        <p key={index} className={`flex items-start gap-1 ${item.score > 0 ? "text-emerald-700" : "text-red-700"}`}>
          {item.score > 0 ? (
            <ThumbsUp className="mt-0.5 h-3 w-3 shrink-0" aria-hidden />
          ) : (
            <ThumbsDown className="mt-0.5 h-3 w-3 shrink-0" aria-hidden />
          )}
          <span>
            <span className="sr-only">{item.score > 0 ? "Thumbs up from " : "Thumbs down from "}</span>
            {sourceLabel[item.source]}
            {item.comment && <span className="text-zinc-700">: “{item.comment}”</span>}
          </span>
        </p>
      ))}
      {error && (
        <p role="alert" className="text-red-600">
          {error}
        </p>
      )}
    </div>
  );
}
