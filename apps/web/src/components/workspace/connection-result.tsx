"use client";
// What "Test connection" found: the models the provider serves, or why it could not be reached.
import { CheckCircle2, XCircle } from "lucide-react";

export type ConnectionResult = { ok: true; models: string[] } | { ok: false; message: string };

const SHOWN = 12;

export function ConnectionResultLine({ result, label }: { result: ConnectionResult; label: string }) {
  if (!result.ok)
    return (
      <p role="alert" aria-label={label} className="flex items-start gap-1.5 text-xs text-red-700">
        <XCircle className="mt-0.5 h-3.5 w-3.5 shrink-0" /> {result.message}
      </p>
    );
  const { models } = result;
  return (
    <p role="status" aria-label={label} className="flex items-start gap-1.5 text-xs text-emerald-800">
      <CheckCircle2 className="mt-0.5 h-3.5 w-3.5 shrink-0" />
      <span>
        Connected: serves {models.length} model{models.length === 1 ? "" : "s"}
        {models.length > 0 && `: ${models.slice(0, SHOWN).join(", ")}${models.length > SHOWN ? ` and ${models.length - SHOWN} more` : ""}`}
      </span>
    </p>
  );
}
