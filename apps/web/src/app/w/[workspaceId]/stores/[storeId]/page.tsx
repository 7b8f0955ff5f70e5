import { getEmbeddingSettings, getStore } from "@switchyard/db";
import { isAppError } from "@switchyard/errors";
import { ChevronLeft } from "lucide-react";
import Link from "next/link";
import { notFound } from "next/navigation";
import { DeleteStore } from "@/components/knowledge/delete-store";
import { StoreDetail } from "@/components/knowledge/store-detail";
import { db } from "@/server/services";
import { pageMembership } from "@/server/session";

export const metadata = { title: "Context store" };

export default async function StorePage({ params }: { params: Promise<{ workspaceId: string; storeId: string }> }) {
  const { workspaceId, storeId } = await params;
  const { membership } = await pageMembership(workspaceId);
  const [store, embedding] = await Promise.all([
    getStore(db(), workspaceId, storeId).catch((error: unknown) => {
      if (isAppError(error) && error.code === "NOT_FOUND") notFound();
      throw error;
    }),
    getEmbeddingSettings(db(), workspaceId),
  ]);
  return (
    <div className="mx-auto flex max-w-5xl flex-col gap-6 px-8 py-8">
      <div>
        <Link href={`/w/${workspaceId}/stores`} className="mb-2 inline-flex items-center gap-1 text-sm text-zinc-500 hover:text-zinc-800">
          <ChevronLeft className="h-4 w-4" /> Knowledge
        </Link>
        <div className="flex items-center justify-between gap-4">
          <h1 className="text-2xl font-semibold tracking-tight">{store.name}</h1>
          {membership.role !== "VIEWER" && <DeleteStore workspaceId={workspaceId} storeId={storeId} name={store.name} />}
        </div>
        <p className="text-sm text-zinc-600">
          Chunks of about {store.chunkSize} tokens with {store.chunkOverlap} tokens of overlap, split at headings and paragraphs.
          {embedding ? ` Embedded with ${embedding.model}.` : ""}
        </p>
      </div>
      <StoreDetail
        workspaceId={workspaceId}
        storeId={storeId}
        canEdit={membership.role !== "VIEWER"}
        hasEmbeddingModel={embedding !== null}
        initialDocuments={store.documents.map(({ id, name, bytes, status, error, progress, chunkCount }) => ({
          id,
          name,
          bytes,
          status,
          error,
          progress,
          chunkCount,
        }))}
      />
    </div>
  );
}
