// Runs a compiled flow: each node starts as soon as everything it depends on has finished, so
// independent branches run concurrently. A node that leaves an output port out of its result has not
// taken that branch: nodes fed only from untaken ports (or from skipped nodes) are skipped, recorded in
// the trace without running. The executor is pure: providers, persistence and event transport are
// injected, which is what lets it be tested without Redis, PostgreSQL or a network.
import type { CompiledFlow, CompiledNode } from "./compile";
import type { Deadline } from "./deadline";
import type { EngineServices, ModelUsage, NodeResult, RunInput, SubStep } from "./node-definition";
import {
  PauseNotAllowedError,
  persistableOutputs,
  RunPausedSignal,
  type ApprovalAnswer,
  type Checkpoint,
  type PauseRequest,
  type RunPauseRecord,
} from "./pause";
import { describeFailure, statusOfFailure, type NodeFailure } from "./node-failure";
import type { RunEvent } from "./run-events";
import { NodeRun, type RunScope } from "./node-run";

/** How a step ended; the database's run status has more values (a run's), so readers narrow with this list. */
export const STEP_STATUSES = ["SUCCEEDED", "FAILED", "CANCELLED", "SKIPPED"] as const;
export type StepStatus = (typeof STEP_STATUSES)[number];
export type RunEndStatus = Exclude<StepStatus, "SKIPPED">;

export interface StepRecord {
  nodeId: string;
  nodeType: string;
  status: StepStatus;
  input: Record<string, unknown>;
  output: Record<string, unknown> | null;
  error: string | null;
  provider: string | null;
  model: string | null;
  tokensIn: number;
  tokensOut: number;
  costUsd: number;
  attempts: number;
  /** Diagnostics for the trace, such as every provider attempt with its latency and error. */
  detail: Record<string, unknown> | null;
  startedAt: number;
  finishedAt: number;
}

/** A run stopped to wait for people: what they are asked, and what resuming needs. */
export interface PausedRun {
  pauses: RunPauseRecord[];
  checkpoint: Checkpoint;
}

export interface ResumeFrom {
  checkpoint: Checkpoint;
  /** The steps recorded before the pause (they count toward the run's totals). */
  steps: StepRecord[];
  /** `<nodeId>:<key>` → the answer given. */
  answers: Record<string, ApprovalAnswer>;
}

export interface RunResult {
  /** WAITING: the run paused (see `paused`); nothing failed and it has not finished. */
  status: RunEndStatus | "WAITING";
  paused: PausedRun | null;
  output: string | null;
  error: string | null;
  steps: StepRecord[];
  tokensIn: number;
  tokensOut: number;
  costUsd: number;
  startedAt: number;
  finishedAt: number;
}

export interface ExecuteOptions {
  runId: string;
  input: RunInput;
  services: EngineServices;
  /** Aborting it cancels the run and every in-flight provider request. */
  signal?: AbortSignal;
  emit?: (event: RunEvent) => void;
  /** Upper bound for any one node, retries included. */
  nodeTimeoutMs?: number;
  /** Whether nodes may pause the run to wait for people (not in evals, where nobody answers). */
  pausable?: boolean;
  /** Why this flow may not pause, for the error a node that tries gets. */
  pauseRefusal?: string;
  /** Where this flow sits, for that error: the bots and nodes that called it (`Order desk → "call-support"`). */
  pausePath?: string;
  /** What this flow's approval keys are stored under: the calling nodes' ids (`call:`), empty for the run's own flow. */
  approvalKeyPrefix?: string;
  /** Continue a paused run. */
  resume?: ResumeFrom;
  /** Ids of the bots this flow runs inside, root first (the run's bot; a called bot adds itself). */
  callPath?: readonly string[];
  /** What the enclosing run had spent when this flow started (a called bot's budget checks see it). */
  spentBefore?: () => number;
}

export const DEFAULT_NODE_TIMEOUT_MS = 300_000;

export class NodeTimeoutError extends Error {
  constructor(readonly timeoutMs: number) {
    super(`timed out after ${Math.round(timeoutMs / 100) / 10}s`);
    this.name = "NodeTimeoutError";
  }
}

type StepFacts = Pick<StepRecord, "nodeId" | "nodeType" | "status" | "startedAt" | "finishedAt"> &
  Partial<Pick<StepRecord, "input" | "output" | "error" | "detail">>;

/** A step's record: what it did, plus its model usage (none for a step that called no model). */
function stepRecord(facts: StepFacts, usage: ModelUsage | undefined, attemptsWithoutUsage: number): StepRecord {
  return {
    input: {},
    output: null,
    error: null,
    detail: null,
    ...facts,
    provider: usage?.provider ?? null,
    model: usage?.model ?? null,
    tokensIn: usage?.tokensIn ?? 0,
    tokensOut: usage?.tokensOut ?? 0,
    costUsd: usage?.costUsd ?? 0,
    attempts: usage?.attempts ?? attemptsWithoutUsage,
  };
}

/**
 * The inputs that arrived: values from taken ports of nodes that ran. A port none of whose sources
 * arrived is absent; `skipReason` says why the node cannot run when all inputs, or a required one, are
 * missing (a Merge node, whose input is optional, runs with whatever arrived).
 */
function collectInputs(node: CompiledNode, outputs: Map<string, Record<string, unknown>>) {
  const inputs: Record<string, unknown> = {};
  const missing: string[] = [];
  for (const slot of node.inputs) {
    const values = slot.sources
      .filter((source) => Object.hasOwn(outputs.get(source.nodeId) ?? {}, source.port))
      .map((source) => outputs.get(source.nodeId)![source.port]);
    if (values.length) inputs[slot.port] = slot.multiple ? values : values[0];
    else missing.push(slot.port);
  }
  const requiredMissing = node.definition.inputs.filter((port) => port.required && missing.includes(port.name));
  const nothingArrived = node.inputs.length > 0 && missing.length === node.inputs.length;
  const skipReason = nothingArrived
    ? "none of its inputs arrived: they come from branches that were not taken"
    : requiredMissing.length
      ? `its input "${requiredMissing[0]!.label}" comes from a branch that was not taken`
      : null;
  return { inputs, skipReason };
}

export async function executeFlow(flow: CompiledFlow, options: ExecuteOptions): Promise<RunResult> {
  const emit = options.emit ?? (() => undefined);
  const nodeTimeoutMs = options.nodeTimeoutMs ?? DEFAULT_NODE_TIMEOUT_MS;
  const startedAt = Date.now();
  const runAbort = new AbortController();
  const stopRun = () => runAbort.abort(options.signal?.reason);
  if (options.signal?.aborted) stopRun();
  else options.signal?.addEventListener("abort", stopRun, { once: true });

  const outputs = new Map<string, Record<string, unknown>>();
  const waiting = new Map([...flow.nodes.values()].map((node) => [node.id, node.dependencyCount]));
  const steps: StepRecord[] = [];
  const replies: string[] = [];
  let spentUsd = 0;
  let failure: { status: RunEndStatus; error: string } | null = null;
  const resume = options.resume;
  const pauses: (RunPauseRecord & { state?: unknown })[] = [];
  // what a later resumption needs: outputs of nodes that finished (those holding tool handles run again)
  const done: Checkpoint["done"] = { ...resume?.checkpoint.done };
  const skipped = new Set(resume?.checkpoint.skipped);

  emit({ type: "run.started", runId: options.runId, at: startedAt });

  const spentSoFar = () => (options.spentBefore?.() ?? 0) + spentUsd;
  // what every node is told about its run (one object for all of them)
  const run = { id: options.runId, input: options.input, spentUsd: spentSoFar, callPath: options.callPath ?? [] };

  function record(step: StepRecord) {
    steps.push(step);
    spentUsd += step.costUsd;
  }

  // replies of nodes that finished before the pause come first, in the order they finished then
  const resumedReplies = Object.values(resume?.checkpoint.done ?? {}).flatMap((finished) =>
    finished.reply === undefined ? [] : [finished.reply],
  );
  if (resume) {
    for (const step of resume.steps) record(step);
    for (const [nodeId, finished] of Object.entries(resume.checkpoint.done)) outputs.set(nodeId, finished.outputs);
  }

  const waitFor = (node: CompiledNode) => (pause: PauseRequest) => {
    const answer = resume?.answers[`${node.id}:${pause.key}`];
    if (answer) return answer;
    if (!options.pausable)
      throw new PauseNotAllowedError(
        options.pauseRefusal,
        `the approval at ${options.pausePath ? `${options.pausePath} → ` : ""}"${node.id}"`,
      );
    throw new RunPausedSignal(pause);
  };

  // only an answer read back from the database has an approval row to claim; without the service (no
  // database wired) the call is simply made
  const onceApproved = (node: CompiledNode) => {
    const calls = options.services.approvedCalls;
    return <T>(key: string, call: () => Promise<T>): Promise<T> =>
      calls && resume?.answers[`${node.id}:${key}`]
        ? calls.once(`${options.approvalKeyPrefix ?? ""}${node.id}:${key}`, call, runAbort.signal)
        : call();
  };

  /** `known`: how many steps were recorded when the node started (made later, it numbers as if made then). */
  function subStepRecorder(node: CompiledNode, known: number) {
    const counts = new Map<string, number>();
    // a resumed node numbers its sub-steps after those it recorded before the pause
    for (const step of steps.slice(0, known)) {
      const match = step.nodeId.startsWith(`${node.id}/`) ? /^([^-]+)-(\d+):/.exec(step.nodeId.slice(node.id.length + 1)) : null;
      if (match) counts.set(match[1]!, Math.max(counts.get(match[1]!) ?? 0, Number(match[2])));
    }
    return (sub: SubStep): string => {
      const n = (counts.get(sub.kind) ?? 0) + 1;
      counts.set(sub.kind, n);
      const nodeId = `${node.id}/${sub.kind}-${n}:${sub.name}`;
      emit({ type: "node.started", nodeId, nodeType: sub.kind, at: sub.startedAt, parentId: node.id });
      record(
        stepRecord(
          {
            nodeId,
            nodeType: sub.kind,
            status: sub.status,
            input: sub.input,
            output: sub.output,
            error: sub.error ?? null,
            detail: { parentId: node.id },
            startedAt: sub.startedAt,
            finishedAt: sub.finishedAt,
          },
          sub.usage,
          1,
        ),
      );
      emit({
        type: "node.finished",
        nodeId,
        parentId: node.id,
        status: sub.status,
        at: sub.finishedAt,
        latencyMs: sub.finishedAt - sub.startedAt,
        ...(sub.error !== undefined && { error: sub.error }),
      });
      return nodeId;
    };
  }

  const scope: RunScope = {
    options,
    run,
    emit,
    record,
    signal: runAbort.signal,
    timeoutMs: nodeTimeoutMs,
    timeoutError: () => new NodeTimeoutError(nodeTimeoutMs),
    subStepRecorder,
    waitFor,
    onceApproved,
  };

  function skipNode(node: CompiledNode, reason: string) {
    skipped.add(node.id);
    const at = Date.now();
    const note = `Skipped: ${reason}`;
    record(
      stepRecord(
        { nodeId: node.id, nodeType: node.type, status: "SKIPPED", detail: { note }, startedAt: at, finishedAt: at },
        undefined,
        0,
      ),
    );
    emit({ type: "node.finished", nodeId: node.id, status: "SKIPPED", at, latencyMs: 0, note });
  }

  /** Counts down a finished or skipped node's dependents and starts (or skips) those now ready. */
  async function release(node: CompiledNode): Promise<void> {
    await Promise.all(
      node.dependents.map((id) => {
        const left = waiting.get(id)! - 1;
        waiting.set(id, left);
        return left === 0 && !failure ? startNode(flow.nodes.get(id)!) : undefined;
      }),
    );
  }

  async function startNode(node: CompiledNode): Promise<void> {
    // a resumed run passes over what finished before the pause: its steps are recorded already
    if (resume && (Object.hasOwn(resume.checkpoint.done, node.id) || resume.checkpoint.skipped.includes(node.id))) return release(node);
    const { inputs, skipReason } = collectInputs(node, outputs);
    if (skipReason === null) return runNode(node, inputs);
    skipNode(node, skipReason);
    return release(node);
  }

  async function runNode(node: CompiledNode, input: Record<string, unknown>): Promise<void> {
    const nodeStarted = Date.now();
    emit({ type: "node.started", nodeId: node.id, nodeType: node.type, at: nodeStarted });
    // A node that never looked at its signal (see NodeRun) cannot have been interrupted by it; it still
    // fails as timed out when it ran past the timeout, as it would have.
    const context = new NodeRun(scope, node, input, nodeStarted, steps.length, resume?.checkpoint.states[node.id]);
    let ranPastTimeout = false;
    const expired = () => context.deadline?.expired ?? ranPastTimeout;
    let result: NodeResult | undefined;
    let failed: NodeFailure | undefined;
    let paused: PauseRequest | undefined;
    try {
      result = await node.definition.execute(context);
      const deadline = context.deadline as Deadline | null;
      if (deadline) deadline.signal.throwIfAborted();
      else {
        runAbort.signal.throwIfAborted();
        ranPastTimeout = Date.now() - nodeStarted >= nodeTimeoutMs;
        if (ranPastTimeout) throw new NodeTimeoutError(nodeTimeoutMs);
      }
    } catch (caught) {
      if (caught instanceof RunPausedSignal && !runAbort.signal.aborted) paused = caught.pause;
      else
        failed = describeFailure(caught, {
          cancelled: runAbort.signal.aborted && !expired(),
          timedOut: expired() ? new NodeTimeoutError(nodeTimeoutMs).message : null,
        });
    } finally {
      (context.deadline as Deadline | null)?.dispose();
    }
    if (paused) {
      // no step yet: the node records its step when it runs again with the answer
      pauses.push({ nodeId: node.id, key: `${node.id}:${paused.key}`, request: paused.request, state: paused.state });
      emit({ type: "node.waiting", nodeId: node.id, at: Date.now(), question: paused.request.question });
      return;
    }
    const finishedAt = Date.now();
    const status: RunEndStatus = failed ? statusOfFailure[failed.failureCode] : "SUCCEEDED";
    // a step cancelled because another node failed says which one
    const error = failed ? (failed.failureCode === "CANCELLED" ? (failure?.error ?? failed.message) : failed.message) : null;
    const attemptLog = result?.attempts ?? failed?.attempts;
    // a failed model call still names its provider and model, so usage can count it as an error
    const usage: ModelUsage | undefined = result?.usage ?? failed?.usage;
    const detail = {
      ...(attemptLog && { attempts: attemptLog }),
      ...result?.detail,
      ...(result?.note !== undefined && { note: result.note }),
    };
    record(
      stepRecord(
        {
          nodeId: node.id,
          nodeType: node.type,
          status,
          input,
          output: result?.outputs ?? null,
          error,
          detail: Object.keys(detail).length ? detail : null,
          startedAt: nodeStarted,
          finishedAt,
        },
        usage,
        attemptLog?.length ?? 1,
      ),
    );
    emit({
      type: "node.finished",
      nodeId: node.id,
      status,
      at: finishedAt,
      latencyMs: finishedAt - nodeStarted,
      ...(usage && {
        model: usage.model,
        provider: usage.provider,
        tokensIn: usage.tokensIn,
        tokensOut: usage.tokensOut,
        costUsd: usage.costUsd,
      }),
      ...(attemptLog && { attempts: attemptLog.length }),
      ...(error !== null && { error }),
      ...(result?.note !== undefined && { note: result.note }),
    });

    if (status !== "SUCCEEDED" || !result) {
      if (!failure) {
        failure = {
          status,
          error: status === "FAILED" ? `${node.definition.label} (${node.id}) failed: ${error}` : (error ?? "cancelled"),
        };
        runAbort.abort(new Error(failure.error));
      }
      return;
    }
    outputs.set(node.id, result.outputs);
    if (result.reply !== undefined) replies.push(result.reply);
    const kept = persistableOutputs(result.outputs);
    if (kept.complete) done[node.id] = { outputs: kept.outputs, ...(result.reply !== undefined && { reply: result.reply }) };
    await release(node);
  }

  await Promise.all(flow.order.filter((id) => waiting.get(id) === 0).map((id) => startNode(flow.nodes.get(id)!)));
  options.signal?.removeEventListener("abort", stopRun);

  const finishedAt = Date.now();
  const totals = steps.reduce(
    (sum, step) => ({
      tokensIn: sum.tokensIn + step.tokensIn,
      tokensOut: sum.tokensOut + step.tokensOut,
      costUsd: sum.costUsd + step.costUsd,
    }),
    {
      tokensIn: 0,
      tokensOut: 0,
      costUsd: 0,
    },
  );
  const ended = failure as { status: RunEndStatus; error: string } | null;
  const paused: PausedRun | null =
    !ended && pauses.length
      ? {
          pauses: pauses.map(({ nodeId, key, request }) => ({ nodeId, key, request })),
          checkpoint: {
            done,
            skipped: [...skipped],
            states: Object.fromEntries(pauses.filter((pause) => pause.state !== undefined).map((pause) => [pause.nodeId, pause.state])),
          },
        }
      : null;
  return {
    status: ended?.status ?? (paused ? "WAITING" : "SUCCEEDED"),
    paused,
    output: ended || paused ? null : [...resumedReplies, ...replies].join("\n\n"),
    error: ended?.error ?? null,
    steps,
    ...totals,
    startedAt,
    finishedAt,
  };
}
