import { botNames, listApprovals } from "@switchyard/db";
import { ApprovalsInbox } from "@/components/approvals/approvals-inbox";
import { approvalView } from "@/server/approvals";
import { db } from "@/server/services";
import { pageMembership } from "@/server/session";

export const metadata = { title: "Approvals" };

export default async function ApprovalsPage({ params }: { params: Promise<{ workspaceId: string }> }) {
  const { workspaceId } = await params;
  const { membership } = await pageMembership(workspaceId);
  const [pending, done] = await Promise.all([
    listApprovals(db(), workspaceId, { status: "PENDING" }),
    listApprovals(db(), workspaceId, { status: "DONE", take: 20 }),
  ]);
  const names = await botNames(db(), workspaceId, [...new Set([...pending, ...done].map((approval) => approval.botId))]);
  return (
    <ApprovalsInbox
      workspaceId={workspaceId}
      canAnswer={membership.role !== "VIEWER"}
      pending={pending.map(approvalView)}
      done={done.map(approvalView)}
      botNames={names}
    />
  );
}
