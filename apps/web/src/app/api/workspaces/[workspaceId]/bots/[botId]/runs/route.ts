// Runs a bot (its draft, or a published version) with one message. Answers as Server-Sent Events when
// the client accepts them, otherwise with the final result as JSON.
import { randomUUID } from "node:crypto";
import { getBot, getVersion, listRuns } from "@switchyard/db";
import { flowGraphSchema } from "@switchyard/engine";
import { AppError } from "@switchyard/errors";
import { enqueueRun, runInputSchema, type RunJob } from "@switchyard/queue";
import { z } from "zod";
import { route } from "@/server/route";
import { streamRunEvents, waitForRun } from "@/server/run-stream";
import { compileFlow, db, runQueue } from "@/server/services";

const startRunSchema = runInputSchema.extend({ version: z.number().int().positive().optional() });

export const POST = route({ role: "EDITOR", body: startRunSchema }, async ({ workspaceId, params, body, request }) => {
  const botId = params.botId!;
  const { version: versionNumber, ...input } = body;
  let graphKey: string;
  let botVersionId: string | null = null;
  let draftGraph: RunJob["graph"];
  let graphSource: unknown;
  if (versionNumber) {
    const version = await getVersion(db(), workspaceId, botId, versionNumber);
    botVersionId = version.id;
    graphKey = `version:${version.id}`;
    graphSource = version.graph;
  } else {
    const bot = await getBot(db(), workspaceId, botId);
    graphKey = `draft:${bot.id}:${bot.draftRevision}`;
    graphSource = bot.draftGraph;
  }
  const compiled = compileFlow()(graphKey, () => {
    draftGraph = flowGraphSchema.parse(graphSource);
    return draftGraph;
  });
  if (!compiled.ok)
    throw new AppError("BAD_REQUEST", `The flow has ${compiled.problems.length} problem(s): ${compiled.problems[0]!.message}`, {
      issues: compiled.problems.map((problem) => ({ path: problem.nodeId ?? problem.edgeId ?? "", message: problem.message })),
    });

  const runId = randomUUID();
  const job: RunJob = {
    runId,
    workspaceId,
    botId,
    botVersionId,
    graphKey,
    // workers load versions themselves; a draft travels with its run (once compiled, workers cache it)
    graph: botVersionId ? undefined : (draftGraph ?? flowGraphSchema.parse(graphSource)),
    deploymentId: null,
    source: "EDITOR",
    input,
    enqueuedAt: Date.now(),
  };
  const start = () => enqueueRun(runQueue(), job);
  const headers = { "x-run-id": runId };
  if ((request.headers.get("accept") ?? "").includes("text/event-stream"))
    return streamRunEvents(runId, { replay: false, signal: request.signal, start, headers });
  const finished = await waitForRun(runId, { replay: false, signal: request.signal, start });
  return Response.json({ runId, ...finished }, { headers });
});

const listQuerySchema = z.object({ status: z.enum(["QUEUED", "RUNNING", "SUCCEEDED", "FAILED", "CANCELLED"]).optional() });

export const GET = route({ role: "VIEWER" }, async ({ workspaceId, params, request }) => {
  const query = listQuerySchema.safeParse(Object.fromEntries(request.nextUrl.searchParams));
  if (!query.success) throw new AppError("BAD_REQUEST", "status must be one of QUEUED, RUNNING, SUCCEEDED, FAILED, CANCELLED");
  await getBot(db(), workspaceId, params.botId!);
  return { runs: await listRuns(db(), workspaceId, { botId: params.botId, status: query.data.status }) };
});
