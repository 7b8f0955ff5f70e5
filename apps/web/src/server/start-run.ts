// The one way a run starts, whoever asks (editor, widget, API): the flow is compiled (once per
// version per process), the job is built, and it is enqueued only once the caller listens for its
// events. Checks that every run start must pass belong here.
import { getVersionGraph, timeOrderedUuid } from "@switchyard/db";
import { flowGraphSchema, type CompiledFlow, type FlowGraph } from "@switchyard/engine";
import { AppError } from "@switchyard/errors";
import { enqueueRun, type RunJob } from "@switchyard/queue";
import { budgets, compileFlow, db, runQueue } from "./services";

export interface RunRequest {
  workspaceId: string;
  botId: string;
  /** A published version, or null to run the draft given in `draft`. */
  botVersionId: string | null;
  draft?: { graphKey: string; graph: FlowGraph };
  deploymentId: string | null;
  source: RunJob["source"];
  input: RunJob["input"];
  /** False when the caller answers with one JSON document and nobody reads tokens as they come. */
  streamTokens?: boolean;
}

export interface PreparedRun {
  runId: string;
  flow: CompiledFlow;
  /** Enqueues the job; call it after subscribing to the run's events. */
  start: () => Promise<void>;
  /** Gives back what admitting the run held, for a run that will never be started. */
  abandon: () => Promise<void>;
}

async function compiledFlowFor(request: RunRequest): Promise<{ graphKey: string; flow: CompiledFlow }> {
  const graphKey = request.botVersionId ? `version:${request.botVersionId}` : request.draft!.graphKey;
  const compiled =
    compileFlow().peek(graphKey) ??
    compileFlow()(
      graphKey,
      request.draft?.graph ?? flowGraphSchema.parse(await getVersionGraph(db(), request.workspaceId, request.botId, request.botVersionId!)),
    );
  if (!compiled.ok)
    throw new AppError("BAD_REQUEST", `The flow has ${compiled.problems.length} problem(s): ${compiled.problems[0]!.message}`, {
      issues: compiled.problems.map((problem) => ({ path: problem.nodeId ?? problem.edgeId ?? "", message: problem.message })),
    });
  return { graphKey, flow: compiled.flow };
}

export async function prepareRun(request: RunRequest): Promise<PreparedRun> {
  const { graphKey, flow } = await compiledFlowFor(request);
  const job: RunJob = {
    // time-ordered: the run's rows go in at the right edge of their indexes (time-ordered-id.ts)
    runId: timeOrderedUuid(),
    workspaceId: request.workspaceId,
    botId: request.botId,
    botVersionId: request.botVersionId,
    graphKey,
    // published versions are loaded (and cached) by the worker; a draft travels with its job
    graph: request.botVersionId ? undefined : request.draft!.graph,
    deploymentId: request.deploymentId,
    source: request.source,
    input: request.input,
    enqueuedAt: Date.now(),
    ...(request.streamTokens === false && { streamTokens: false }),
  };
  // refuses the run (402) when the workspace or the deployment is over its monthly budget
  await budgets().admit(job);
  const abandon = () => budgets().release(job);
  const start = () =>
    enqueueRun(runQueue(), job).catch(async (error: unknown) => {
      await abandon();
      throw error;
    });
  return { runId: job.runId, flow, start, abandon };
}
