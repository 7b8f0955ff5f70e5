import {
  getEmbeddingSettings,
  listApiKeys,
  listCredentials,
  listHttpCredentials,
  listMembers,
  listPendingInvites,
  listPools,
  readAllowedHosts,
  readTelemetryExport,
} from "@switchyard/db";
import { EmbeddingPanel } from "@/components/knowledge/embedding-panel";
import { PageHeader } from "@/components/ui/page-header";
import { ApiKeysPanel } from "@/components/workspace/api-keys-panel";
import { CredentialsPanel } from "@/components/workspace/credentials-panel";
import { MembersPanel } from "@/components/workspace/members-panel";
import { NetworkPanel } from "@/components/workspace/network-panel";
import { ObservabilityPanel } from "@/components/workspace/observability-panel";
import { PoolsPanel } from "@/components/workspace/pools-panel";
import { db } from "@/server/services";
import { pageMembership } from "@/server/session";

export const metadata = { title: "Settings" };

export default async function SettingsPage({ params }: { params: Promise<{ workspaceId: string }> }) {
  const { workspaceId } = await params;
  const { user, membership } = await pageMembership(workspaceId);
  const isOwner = membership.role === "OWNER";
  const [members, invites, credentials, apiKeys, allowedHosts, httpCredentials, embedding, pools, telemetry] = await Promise.all([
    listMembers(db(), workspaceId),
    isOwner ? listPendingInvites(db(), workspaceId) : [],
    listCredentials(db(), workspaceId),
    listApiKeys(db(), workspaceId),
    readAllowedHosts(db(), workspaceId),
    listHttpCredentials(db(), workspaceId),
    getEmbeddingSettings(db(), workspaceId),
    listPools(db(), workspaceId),
    readTelemetryExport(db(), workspaceId),
  ]);
  return (
    <div className="mx-auto flex max-w-4xl flex-col gap-6 px-8 py-8">
      <PageHeader
        title={membership.workspace.name}
        description="Members, invitations, the model providers this workspace can call, API keys, and what its tools may reach."
      />
      <MembersPanel
        workspaceId={workspaceId}
        isOwner={isOwner}
        currentUserId={user.id}
        members={members.map(({ user: member, role }) => ({ id: member.id, email: member.email, name: member.name, role }))}
        invites={invites.map(({ id, email, role, expiresAt }) => ({ id, email, role, expiresAt: expiresAt.toISOString() }))}
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
      <PoolsPanel
        workspaceId={workspaceId}
        canEdit={membership.role !== "VIEWER"}
        credentials={credentials.map(({ id, name }) => ({ id, name }))}
        initialPools={pools.map(({ id, name, members }) => ({
          id,
          name,
          members: members.map(({ credentialId, model, weight, credentialName }) => ({ credentialId, model, weight, credentialName })),
        }))}
      />
      <ApiKeysPanel
        workspaceId={workspaceId}
        canEdit={membership.role !== "VIEWER"}
        initialKeys={apiKeys.map((key) => ({
          ...key,
          createdAt: key.createdAt.toISOString(),
          lastUsedAt: key.lastUsedAt?.toISOString() ?? null,
          revokedAt: key.revokedAt?.toISOString() ?? null,
        }))}
      />
      <NetworkPanel
        workspaceId={workspaceId}
        isOwner={membership.role === "OWNER"}
        canEdit={membership.role !== "VIEWER"}
        initialHosts={allowedHosts}
        initialCredentials={httpCredentials.map(({ id, name, headerName, allowedHosts }) => ({ id, name, headerName, allowedHosts }))}
      />
      <ObservabilityPanel
        workspaceId={workspaceId}
        isOwner={isOwner}
        initial={
          telemetry && {
            ...telemetry,
            lastErrorAt: telemetry.lastErrorAt?.toISOString() ?? null,
            updatedAt: telemetry.updatedAt.toISOString(),
          }
        }
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
