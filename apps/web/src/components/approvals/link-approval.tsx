"use client";
// The one-time link page's form: answers through the public endpoint, then shows the outcome.
import { useState } from "react";
import { api } from "@/lib/api";
import { ApprovalForm, type ApprovalQuestion } from "./approval-form";

export function LinkApproval({ token, approval }: { token: string; approval: ApprovalQuestion & { status: string } }) {
  const [answered, setAnswered] = useState<string | null>(approval.status === "PENDING" ? null : approval.status);
  if (answered)
    return (
      <p className="text-sm text-zinc-600">
        {answered === "PENDING"
          ? "Thank you: your answer was recorded."
          : "This approval is closed: it has been answered, timed out or was cancelled."}
      </p>
    );
  return (
    <ApprovalForm
      approval={approval}
      canAnswer
      onAnswer={async (body) => {
        await api(`/api/public/approvals/${token}`, { body });
        setAnswered("PENDING");
      }}
    />
  );
}
