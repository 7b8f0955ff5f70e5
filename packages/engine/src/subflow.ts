// Runs another flow inside a node of this run (a called bot, one item of a For each): the same
// executor, services and cancellation, with its steps recorded under one wrapping step so the trace
// nests, and its cost counted in the run's. Its tokens are not relayed: the caller decides what of
// its reply reaches the user.
import type { RunEvent } from "./run-events";
import { executeFlow, type ExecuteOptions, type RunEndStatus, type RunResult, type StepRecord } from "./execute";
import type { SubflowRun } from "./node-definition";

export interface SubflowParent {
  nodeId: string;
  options: ExecuteOptions;
  signal: AbortSignal;
  emit: (event: RunEvent) => void;
  record: (step: StepRecord) => void;
  spentUsd: () => number;
}

/** Child step ids sit under the wrapping step; a child's own sub-steps keep their nesting. */
const nest = (wrapperId: string, step: StepRecord): StepRecord => {
  const parentId = (step.detail as { parentId?: string } | null)?.parentId;
  return {
    ...step,
    nodeId: `${wrapperId}/${step.nodeId}`,
    detail: { ...step.detail, parentId: parentId ? `${wrapperId}/${parentId}` : wrapperId },
  };
};

export function subflowRunner(parent: SubflowParent) {
  return async (run: SubflowRun): Promise<RunResult> => {
    const wrapperId = `${parent.nodeId}/${run.kind}-${run.index}:${run.name}`;
    const emit = parent.emit;
    const startedAt = Date.now();
    emit({ type: "node.started", nodeId: wrapperId, nodeType: run.kind, at: startedAt, parentId: parent.nodeId });
    const pausable = parent.options.pausable === true && run.pauseRefusal === undefined;
    const result = await executeFlow(run.flow, {
      ...parent.options,
      runId: parent.options.runId,
      input: run.input,
      signal: run.signal ?? parent.signal,
      callPath: [...(parent.options.callPath ?? []), run.bot.id],
      spentBefore: parent.spentUsd,
      // a called flow pauses only where its caller can save its checkpoint and come back to it (a Bot
      // node's own call, in a run that can pause); elsewhere its approvals fail, saying why and where
      pausable,
      pauseRefusal: pausable ? undefined : (run.pauseRefusal ?? parent.options.pauseRefusal),
      pausePath: `${parent.options.pausePath ? `${parent.options.pausePath} → ` : ""}"${parent.nodeId}" → bot "${run.name}"`,
      // its approvals are stored under the calling node's key (see the Bot node's waitFor)
      approvalKeyPrefix: `${parent.options.approvalKeyPrefix ?? ""}${parent.nodeId}:`,
      resume: run.resume,
      emit: (event) => {
        if (event.type === "node.started" || event.type === "node.finished" || event.type === "node.progress")
          emit({
            ...event,
            nodeId: `${wrapperId}/${event.nodeId}`,
            ...(event.type !== "node.progress" && { parentId: event.parentId ? `${wrapperId}/${event.parentId}` : wrapperId }),
          });
      },
    });
    // paused: its steps so far go into the caller's saved state and come back as `resume.steps`, to be
    // recorded once, when it has ended
    if (result.status === "WAITING") return result;
    for (const step of result.steps) parent.record(nest(wrapperId, step));
    const status: RunEndStatus = result.status;
    // the wrapper carries no cost of its own (its steps do); its detail sums them for people
    parent.record({
      nodeId: wrapperId,
      nodeType: run.kind,
      status,
      input: { message: run.input.message },
      output: result.output === null ? null : { reply: result.output },
      error: result.error,
      provider: null,
      model: null,
      tokensIn: 0,
      tokensOut: 0,
      costUsd: 0,
      attempts: 1,
      detail: {
        parentId: parent.nodeId,
        bot: run.bot,
        totals: { tokensIn: result.tokensIn, tokensOut: result.tokensOut, costUsd: result.costUsd },
      },
      startedAt,
      finishedAt: result.finishedAt,
    });
    emit({
      type: "node.finished",
      nodeId: wrapperId,
      parentId: parent.nodeId,
      status,
      at: result.finishedAt,
      latencyMs: result.finishedAt - startedAt,
      ...(result.error !== null && { error: result.error }),
    });
    return result;
  };
}
