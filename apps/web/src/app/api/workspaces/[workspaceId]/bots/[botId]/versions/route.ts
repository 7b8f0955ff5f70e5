import { getBot, listVersions } from "@switchyard/db";
import { compileFlow as compile, flowGraphSchema } from "@switchyard/engine";
import { AppError } from "@switchyard/errors";
import { nodeRegistry } from "@switchyard/nodes";
import { z } from "zod";
import { publishThroughEvals } from "@switchyard/runner/publish-gate";
import { evalControl } from "@/server/evals";
import { json, route } from "@/server/route";
import { db } from "@/server/services";

export const GET = route({ role: "VIEWER" }, async ({ workspaceId, params }) => ({
  versions: await listVersions(db(), workspaceId, params.botId!),
}));

const publishSchema = z.object({ note: z.string().max(2_000).optional() });

// Only a valid flow can be published: a version is what deployments and evals pin.
export const POST = route({ role: "EDITOR", body: publishSchema }, async ({ workspaceId, params, body, user }) => {
  const bot = await getBot(db(), workspaceId, params.botId!);
  const result = compile(flowGraphSchema.parse(bot.draftGraph), nodeRegistry);
  if (!result.ok)
    throw new AppError("BAD_REQUEST", `Fix the flow before publishing: ${result.problems[0]!.message}`, {
      issues: result.problems.map((problem) => ({ path: problem.nodeId ?? "", message: problem.message })),
    });
  // with "require the default dataset to pass" on, the draft is measured first and refused when worse
  return json(await publishThroughEvals(evalControl(), workspaceId, bot.id, { note: body.note, createdById: user.id }), 201);
});
