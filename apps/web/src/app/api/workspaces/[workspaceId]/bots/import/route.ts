import { MAX_FLOW_FILE_BYTES } from "@switchyard/templates";
import { json, route } from "@/server/route";
import { importBotFromFlowFile, importFlowSchema } from "@/server/new-bot";
import { db } from "@/server/services";

export const POST = route(
  {
    role: "EDITOR",
    body: importFlowSchema,
    // the file travels as a JSON string, where escaping can double its size; its own limit is checked inside
    maxBodyBytes: 2 * MAX_FLOW_FILE_BYTES + 4_096,
    tooLargeMessage: "The file is larger than 4 MB. No bot was created.",
  },
  async ({ workspaceId, body }) => json({ bot: await importBotFromFlowFile(db(), workspaceId, body) }, 201),
);
