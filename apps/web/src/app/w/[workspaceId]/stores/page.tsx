import { listStores } from "@switchyard/db";
import { StoreList } from "@/components/knowledge/store-list";
import { db } from "@/server/services";
import { pageMembership } from "@/server/session";

export const metadata = { title: "Knowledge" };

export default async function StoresPage({ params }: { params: Promise<{ workspaceId: string }> }) {
  const { workspaceId } = await params;
  const { membership } = await pageMembership(workspaceId);
  const stores = await listStores(db(), workspaceId);
  return (
    <StoreList
      workspaceId={workspaceId}
      canEdit={membership.role !== "VIEWER"}
      stores={stores.map(({ id, name, chunkSize, chunkOverlap, documentCount, chunkCount }) => ({
        id,
        name,
        chunkSize,
        chunkOverlap,
        documentCount,
        chunkCount,
      }))}
    />
  );
}
