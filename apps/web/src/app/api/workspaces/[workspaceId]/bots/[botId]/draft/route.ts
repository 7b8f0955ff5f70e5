import { saveDraft } from "@switchyard/db";
import { flowGraphSchema } from "@switchyard/engine";
import { z } from "zod";
import { route } from "@/server/route";
import { assertNoBotLoops } from "@/server/runnable-flow";
import { db } from "@/server/services";

const saveDraftSchema = z.object({
  graph: flowGraphSchema,
  baseRevision: z.number().int().nonnegative(),
});

// a draft may be unfinished, but one whose Bot or For each nodes would call bots in a loop is refused
// here, so no run of it (or of a bot calling it) can start such a chain
export const PUT = route(
  { role: "EDITOR", body: saveDraftSchema, maxBodyBytes: 4 * 1024 * 1024 },
  async ({ workspaceId, params, body }) => {
    await assertNoBotLoops(workspaceId, params.botId!, body.graph, "The draft cannot be saved");
    return saveDraft(db(), workspaceId, params.botId!, body.graph, body.baseRevision);
  },
);
