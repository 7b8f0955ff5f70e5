import { countPendingApprovals, listWorkspaces } from "@switchyard/db";
import type { ReactNode } from "react";
import { Sidebar } from "@/components/workspace/sidebar";
import { db } from "@/server/services";
import { pageMembership } from "@/server/session";

export default async function WorkspaceLayout({ children, params }: { children: ReactNode; params: Promise<{ workspaceId: string }> }) {
  const { workspaceId } = await params;
  const { user, membership } = await pageMembership(workspaceId);
  const [memberships, pendingApprovals] = await Promise.all([listWorkspaces(db(), user.id), countPendingApprovals(db(), workspaceId)]);
  const workspaces = memberships.map(({ workspace, role }) => ({ id: workspace.id, name: workspace.name, role }));
  return (
    <div className="flex min-h-screen">
      <Sidebar
        workspaceId={workspaceId}
        workspaceName={membership.workspace.name}
        workspaces={workspaces}
        user={user}
        pendingApprovals={pendingApprovals}
      />
      <main className="min-w-0 flex-1">{children}</main>
    </div>
  );
}
