"use client";
// One approval a person answers: the question, the proposed value as editable JSON, an optional
// comment and one button per action. Used by the inbox and by the one-time link page.
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { FieldError } from "@/components/ui/input";
import { useApiAction } from "@/lib/use-api-action";

export interface ApprovalQuestion {
  question: string;
  proposed: unknown;
  actions: unknown;
}

export interface ApprovalAnswerBody {
  action: string;
  value?: unknown;
  comment?: string;
}

const asJson = (value: unknown) => JSON.stringify(value ?? null, null, 2);

export function ApprovalForm({
  approval,
  canAnswer,
  onAnswer,
  extra,
}: {
  approval: ApprovalQuestion;
  canAnswer: boolean;
  onAnswer: (body: ApprovalAnswerBody) => Promise<void>;
  extra?: React.ReactNode;
}) {
  const [value, setValue] = useState(asJson(approval.proposed));
  const [comment, setComment] = useState("");
  const { error, setError, pending: busy, run } = useApiAction();
  const actions = approval.actions as { name: string; label: string; branch: "approved" | "rejected" }[];

  async function answer(action: string) {
    setError(null);
    let parsed: unknown;
    try {
      parsed = JSON.parse(value);
    } catch {
      setError("The value is not valid JSON");
      return;
    }
    await run(() => onAnswer({ action, value: parsed, ...(comment.trim() && { comment: comment.trim() }) }));
  }

  return (
    <div className="flex flex-col gap-3">
      <p className="whitespace-pre-wrap text-sm text-zinc-900">{approval.question}</p>
      <label className="flex flex-col gap-1 text-xs font-medium text-zinc-600">
        Proposed value {canAnswer && "(you may edit it)"}
        <textarea
          aria-label="Proposed value"
          className="min-h-24 rounded-md border border-zinc-300 bg-white p-2 font-mono text-xs text-zinc-900 disabled:bg-zinc-50"
          value={value}
          onChange={(event) => setValue(event.target.value)}
          disabled={!canAnswer || busy}
          spellCheck={false}
        />
      </label>
      {canAnswer && (
        <>
          <input
            aria-label="Comment"
            placeholder="Comment (optional)"
            className="h-9 rounded-md border border-zinc-300 bg-white px-3 text-sm"
            value={comment}
            maxLength={2000}
            onChange={(event) => setComment(event.target.value)}
            disabled={busy}
          />
          <div className="flex flex-wrap items-center gap-2">
            {actions.map((action) => (
              <Button
                key={action.name}
                size="sm"
                variant={action.branch === "approved" ? "default" : "outline"}
                disabled={busy}
                onClick={() => answer(action.name)}
              >
                {action.label}
              </Button>
            ))}
            {extra}
          </div>
        </>
      )}
      <FieldError message={error} />
    </div>
  );
}
