import { getBot, listVersions } from "@switchyard/db";
import { z } from "zod";
import { publishThroughEvals } from "@switchyard/runner/publish-gate";
import { evalControl } from "@/server/evals";
import { json, route } from "@/server/route";
import { assertRunnableFlow } from "@/server/runnable-flow";
import { db } from "@/server/services";

export const GET = route({ role: "VIEWER" }, async ({ workspaceId, params }) => ({
  versions: await listVersions(db(), workspaceId, params.botId!),
}));

const publishSchema = z.object({
  note: z.string().max(2_000).optional(),
  // true: a draft identical to the latest version publishes nothing and that version comes back
  // (`reused`), as the editor asks; absent, every call makes a new version, as it always has
  unlessUnchanged: z.boolean().optional(),
});

// Only a flow that can run here can be published: a version is what deployments and evals pin.
export const POST = route({ role: "EDITOR", body: publishSchema }, async ({ workspaceId, params, body, user }) => {
  const bot = await getBot(db(), workspaceId, params.botId!);
  await assertRunnableFlow(workspaceId, bot.draftGraph, "Fix the flow before publishing", bot.id);
  // with "require the default dataset to pass" on, the draft is measured first and refused when worse
  return json(
    await publishThroughEvals(evalControl(), workspaceId, bot.id, {
      note: body.note,
      createdById: user.id,
      unlessUnchanged: body.unlessUnchanged,
    }),
    201,
  );
});
