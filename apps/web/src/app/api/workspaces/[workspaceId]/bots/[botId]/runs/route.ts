// Runs a bot (its draft, or a published version) with one message. Answers as Server-Sent Events when
// the client accepts them, otherwise with the final result as JSON.
import { conversationKey, findRunTarget, getBot, listRuns } from "@switchyard/db";
import { flowGraphSchema } from "@switchyard/engine";
import { runInputSchema } from "@switchyard/queue";
import { z } from "zod";
import { route } from "@/server/route";
import { streamRunEvents, waitForRun } from "@/server/run-stream";
import { db } from "@/server/services";
import { prepareRun } from "@/server/start-run";

const startRunSchema = runInputSchema.extend({
  version: z.number().int().positive().optional(),
  /** The editor's chat thread; memory keys it by bot and user too. */
  sessionId: z.string().max(100).optional(),
});

export const POST = route({ body: startRunSchema }, async ({ workspaceId, params, body, request, user }) => {
  const botId = params.botId!;
  const { version: versionNumber, sessionId: thread, ...rest } = body;
  const input = { ...rest, ...(thread && { sessionId: conversationKey({ channel: "editor", botId, userId: user.id, thread }) }) };
  // One query for access and the version. A draft is read every time and travels with its run,
  // since it can change between runs.
  const target = await findRunTarget(db(), { workspaceId, userId: user.id, botId, versionNumber, minimumRole: "EDITOR" });
  let draft;
  if (!target.versionId) {
    const bot = await getBot(db(), workspaceId, botId);
    draft = { graphKey: `draft:${bot.id}:${bot.draftRevision}`, graph: flowGraphSchema.parse(bot.draftGraph) };
  }
  const { runId, start, abandon } = await prepareRun({
    workspaceId,
    botId,
    botVersionId: target.versionId,
    draft,
    deploymentId: null,
    source: "EDITOR",
    input,
  });
  const headers = { "x-run-id": runId };
  if ((request.headers.get("accept") ?? "").includes("text/event-stream"))
    return streamRunEvents(runId, { replay: false, signal: request.signal, start, abandon, headers });
  const finished = await waitForRun(runId, { replay: false, signal: request.signal, start, abandon });
  return Response.json({ runId, ...finished }, { headers });
});

const listQuerySchema = z.object({
  status: z
    .enum(["QUEUED", "RUNNING", "SUCCEEDED", "FAILED", "CANCELLED"], {
      error: "status must be one of QUEUED, RUNNING, SUCCEEDED, FAILED, CANCELLED",
    })
    .optional(),
  version: z.coerce.number({ error: "version must be a number (0 for the draft)" }).int().nonnegative().optional(),
  day: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, "day must look like 2026-11-25")
    .refine((value) => !Number.isNaN(Date.parse(`${value}T00:00:00Z`)), "day is not a real date")
    .optional(),
});

export const GET = route({ role: "VIEWER", query: listQuerySchema }, async ({ workspaceId, params, query }) => {
  await getBot(db(), workspaceId, params.botId!);
  return { runs: await listRuns(db(), workspaceId, { botId: params.botId, ...query }) };
});
