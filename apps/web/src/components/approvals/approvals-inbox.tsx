"use client";
// The workspace's Approvals inbox: questions runs are waiting on (oldest first), answered in place,
// and the latest answers with who gave them.
import { CheckCircle2, Inbox } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { api } from "@/lib/api";
import { ago } from "@/lib/time";
import type { ApprovalView } from "@/server/approvals";
import { ApprovalForm, type ApprovalAnswerBody } from "./approval-form";
import type { POST as createLink } from "@/app/api/workspaces/[workspaceId]/approvals/[approvalId]/link/route";
import type { ResponseOf } from "@/server/route";

interface Props {
  workspaceId: string;
  canAnswer: boolean;
  pending: ApprovalView[];
  done: ApprovalView[];
  botNames: Record<string, string>;
}

function CopyLink({ workspaceId, approvalId }: { workspaceId: string; approvalId: string }) {
  const [copied, setCopied] = useState<string | null>(null);
  async function copy() {
    const { url } = await api<ResponseOf<typeof createLink>>(`/api/workspaces/${workspaceId}/approvals/${approvalId}/link`, {
      method: "POST",
    });
    await navigator.clipboard?.writeText(url).catch(() => undefined);
    setCopied(url);
  }
  return copied ? (
    <span className="break-all text-xs text-zinc-500" title="One-time link, valid until the approval times out">
      Link copied: {copied}
    </span>
  ) : (
    <Button size="sm" variant="ghost" onClick={copy}>
      Copy one-time link
    </Button>
  );
}

export function ApprovalsInbox({ workspaceId, canAnswer, pending, done, botNames }: Props) {
  const router = useRouter();
  async function answer(approvalId: string, body: ApprovalAnswerBody) {
    await api(`/api/workspaces/${workspaceId}/approvals/${approvalId}`, { body });
    router.refresh();
  }
  return (
    <div className="mx-auto flex max-w-4xl flex-col gap-6 px-8 py-8">
      <PageHeader title="Approvals" description="Runs waiting for a person. Each takes one answer; the first answer stands." />
      {pending.length === 0 ? (
        <EmptyState icon={Inbox} title="Nothing is waiting for approval">
          Runs that reach an Approval node, or an agent tool call that needs approval, show up here.
        </EmptyState>
      ) : (
        pending.map((approval) => (
          <Card key={approval.id} data-testid="pending-approval">
            <CardHeader>
              <CardTitle>
                {approval.kind === "tool" ? "Tool call" : "Approval"} in{" "}
                <Link className="text-indigo-700 hover:underline" href={`/w/${workspaceId}/bots/${approval.botId}`}>
                  {botNames[approval.botId] ?? "a bot"}
                </Link>
              </CardTitle>
              <p className="text-xs text-zinc-500">
                Run {approval.runId} · asked {ago(approval.createdAt)} · times out {new Date(approval.expiresAt).toLocaleString()} (then{" "}
                {approval.timeoutAction})
              </p>
            </CardHeader>
            <CardContent>
              <ApprovalForm
                approval={approval}
                canAnswer={canAnswer}
                onAnswer={(body) => answer(approval.id, body)}
                extra={<CopyLink workspaceId={workspaceId} approvalId={approval.id} />}
              />
            </CardContent>
          </Card>
        ))
      )}
      {done.length > 0 && (
        <Card>
          <CardHeader>
            <CardTitle>Answered</CardTitle>
          </CardHeader>
          <CardContent>
            <ul className="flex flex-col divide-y divide-zinc-100 text-sm">
              {done.map((approval) => (
                <li key={approval.id} className="flex items-start gap-2 py-2" data-testid="answered-approval">
                  <CheckCircle2 className="mt-0.5 h-4 w-4 shrink-0 text-zinc-400" />
                  <div className="min-w-0">
                    <p className="truncate">{approval.question}</p>
                    <p className="text-xs text-zinc-500">
                      {approval.status === "CANCELLED"
                        ? "Cancelled with its run"
                        : `${approval.action} by ${approval.answeredBy}${approval.changed ? " (edited)" : ""}${approval.answeredAt ? `, ${ago(approval.answeredAt)}` : ""}`}
                    </p>
                  </div>
                </li>
              ))}
            </ul>
          </CardContent>
        </Card>
      )}
    </div>
  );
}
