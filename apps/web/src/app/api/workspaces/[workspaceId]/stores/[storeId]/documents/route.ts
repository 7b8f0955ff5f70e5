import { addDocument } from "@switchyard/db";
import { mimeTypes } from "@switchyard/knowledge/formats";
import { enqueueIngestion } from "@switchyard/queue";
import { json, route } from "@/server/route";
import { db, ingestQueue } from "@/server/services";
import { readUploadedDocument } from "@/server/upload";

// The file is stored with the document and parsed by a worker; the page follows its progress.
export const POST = route({ role: "EDITOR" }, async ({ request, workspaceId, params }) => {
  const upload = await readUploadedDocument(request);
  const document = await addDocument(db(), workspaceId, params.storeId!, {
    name: upload.name,
    mimeType: mimeTypes[upload.format],
    content: upload.content,
  });
  await enqueueIngestion(ingestQueue(), { workspaceId, documentId: document.id });
  return json({ document }, 201);
});
