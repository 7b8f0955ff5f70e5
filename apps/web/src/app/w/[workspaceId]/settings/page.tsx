import { getEmbeddingSettings, listCredentials, listMembers } from "@switchyard/db";
import { EmbeddingPanel } from "@/components/knowledge/embedding-panel";
import { CredentialsPanel } from "@/components/workspace/credentials-panel";
import { MembersPanel } from "@/components/workspace/members-panel";
import { db } from "@/server/services";
import { pageMembership } from "@/server/session";

export const metadata = { title: "Settings" };

export default async function SettingsPage({ params }: { params: Promise<{ workspaceId: string }> }) {
  const { workspaceId } = await params;
  const { membership } = await pageMembership(workspaceId);
  const [members, credentials, embedding] = await Promise.all([
    listMembers(db(), workspaceId),
    listCredentials(db(), workspaceId),
    getEmbeddingSettings(db(), workspaceId),
  ]);
  return (
    <div className="mx-auto flex max-w-4xl flex-col gap-6 px-8 py-8">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">{membership.workspace.name}</h1>
        <p className="text-sm text-zinc-600">Members, invitations and the model providers this workspace can call.</p>
      </div>
      <MembersPanel
        workspaceId={workspaceId}
        isOwner={membership.role === "OWNER"}
        members={members.map(({ user, role }) => ({ id: user.id, email: user.email, name: user.name, role }))}
      />
      <CredentialsPanel
        workspaceId={workspaceId}
        canEdit={membership.role !== "VIEWER"}
        initialCredentials={credentials.map((credential) => ({
          id: credential.id,
          name: credential.name,
          kind: credential.kind,
          baseUrl: credential.baseUrl,
          hasApiKey: credential.hasApiKey,
        }))}
      />
      <EmbeddingPanel
        workspaceId={workspaceId}
        canEdit={membership.role === "OWNER"}
        credentials={credentials.map(({ id, name, kind }) => ({ id, name, kind }))}
        initial={embedding}
      />
    </div>
  );
}
