// A one-time approval link, for a person without an account: the signature in the link is the only
// credential, and the approval takes one answer.
import { closedReason, getApproval } from "@switchyard/db";
import { readApprovalLink } from "@switchyard/runner/approvals";
import { LinkApproval } from "@/components/approvals/link-approval";
import { Logo } from "@/components/logo";
import { db, env } from "@/server/services";

export const metadata = { title: "Approval" };

export default async function ApproveByLinkPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const target = readApprovalLink(env().SWITCHYARD_SECRET, token);
  const approval = target && (await getApproval(db(), target.workspaceId, target.approvalId).catch(() => null));
  return (
    <main className="flex min-h-screen items-center justify-center bg-gradient-to-b from-indigo-50 to-zinc-50 px-4">
      <div className="w-full max-w-lg rounded-xl border border-zinc-200 bg-white p-6 shadow-sm">
        <Logo className="mb-4 text-lg" />
        {!approval ? (
          <p className="text-sm text-zinc-600">This approval link is not valid.</p>
        ) : (
          <LinkApproval
            token={token}
            approval={{
              question: approval.question,
              proposed: approval.proposed,
              actions: approval.actions,
              status: closedReason(approval) ? "CLOSED" : "PENDING",
            }}
          />
        )}
      </div>
    </main>
  );
}
