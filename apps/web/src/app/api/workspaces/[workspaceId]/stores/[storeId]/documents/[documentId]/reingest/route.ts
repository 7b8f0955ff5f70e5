import { resetDocument } from "@switchyard/db";
import { enqueueIngestion } from "@switchyard/queue";
import { route } from "@/server/route";
import { db, ingestQueue } from "@/server/services";

// Runs ingestion again, with the store's current chunking settings and embedding model.
export const POST = route({ role: "EDITOR" }, async ({ workspaceId, params }) => {
  await resetDocument(db(), workspaceId, params.storeId!, params.documentId!);
  await enqueueIngestion(ingestQueue(), { workspaceId, documentId: params.documentId! });
  return { ok: true };
});
