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
  /** The run's input, or its promise (a conversation's history still being read): read alongside the admission. */
  input: RunJob["input"] | Promise<RunJob["input"]>;
  /** False when the caller answers with one JSON document and nobody reads tokens as they come. */
  streamTokens?: boolean;
  /**
   * A check the request must pass that is under way already (its rate limit): the budget admission is
   * sent without waiting for it, so both share one Redis round trip, and its refusal wins over the
   * budget's (the run's hold, if it was admitted, is given back).
   */
  alongside?: Promise<unknown>;
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
  const alongside = request.alongside ?? Promise.resolve();
  // both awaited below, unless the flow fails first: neither may reject unhandled meanwhile
  alongside.catch(() => undefined);
  Promise.resolve(request.input).catch(() => undefined);
  const { graphKey, flow } = await compiledFlowFor(request).catch(async (error: unknown) => {
    await alongside;
    throw error;
  });
  // time-ordered: the run's rows go in at the right edge of their indexes (time-ordered-id.ts)
  const runId = timeOrderedUuid();
  const enqueuedAt = Date.now();
  const scope = { runId, workspaceId: request.workspaceId, deploymentId: request.deploymentId };
  // refuses the run (402) when the workspace or the deployment is over its monthly budget
  const [admitted, checked, input] = await Promise.allSettled([budgets().admit(scope), alongside, request.input]);
  const abandon = () => budgets().release(scope);
  const refusal = [checked, admitted, input].find((outcome) => outcome.status === "rejected");
  if (refusal) {
    if (admitted.status === "fulfilled") await abandon().catch(() => undefined); // the hold lapses within the hour otherwise
    throw refusal.reason;
  }
  const job: RunJob = {
    runId,
    workspaceId: request.workspaceId,
    botId: request.botId,
    botVersionId: request.botVersionId,
    graphKey,
    // published versions are loaded (and cached) by the worker; a draft travels with its job
    graph: request.botVersionId ? undefined : request.draft!.graph,
    deploymentId: request.deploymentId,
    source: request.source,
    input: (input as PromiseFulfilledResult<RunJob["input"]>).value,
    enqueuedAt,
    ...(request.streamTokens === false && { streamTokens: false }),
  };
  const start = () =>
    enqueueRun(runQueue(), job).catch(async (error: unknown) => {
      await abandon();
      throw error;
    });
  return { runId, flow, start, abandon };
}
