// Runs a compiled flow: each node starts as soon as everything it depends on has finished, so
// independent branches run concurrently. The executor is pure: providers, persistence and event
// transport are injected, which is what lets it be tested without Redis, PostgreSQL or a network.
import type { CompiledFlow, CompiledNode } from "./compile";
import { withDeadline } from "./deadline";
import type { EngineServices, ModelUsage, NodeResult, RunInput } from "./node-definition";
import type { RunEvent } from "./run-events";

export type StepStatus = "SUCCEEDED" | "FAILED" | "CANCELLED";

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

export interface RunResult {
  status: StepStatus;
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
}

export const DEFAULT_NODE_TIMEOUT_MS = 300_000;

export class NodeTimeoutError extends Error {
  constructor(readonly timeoutMs: number) {
    super(`timed out after ${Math.round(timeoutMs / 100) / 10}s`);
    this.name = "NodeTimeoutError";
  }
}

function collectInputs(node: CompiledNode, outputs: Map<string, Record<string, unknown>>): Record<string, unknown> {
  const inputs: Record<string, unknown> = {};
  for (const slot of node.inputs) {
    const values = slot.sources.map((source) => outputs.get(source.nodeId)?.[source.port]);
    inputs[slot.port] = slot.multiple ? values : values[0];
  }
  return inputs;
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
  let failure: { status: StepStatus; error: string } | null = null;

  emit({ type: "run.started", runId: options.runId, at: startedAt });

  async function runNode(node: CompiledNode): Promise<void> {
    const nodeStarted = Date.now();
    emit({ type: "node.started", nodeId: node.id, nodeType: node.type, at: nodeStarted });
    const input = collectInputs(node, outputs);
    const deadline = withDeadline(runAbort.signal, nodeTimeoutMs, () => new NodeTimeoutError(nodeTimeoutMs));
    const signal = deadline.signal;
    let result: NodeResult | undefined;
    let error: string | null = null;
    let status: StepStatus = "SUCCEEDED";
    let attemptLog: unknown[] | undefined;
    let failedUsage: ModelUsage | undefined;
    try {
      result = await node.definition.execute({
        nodeId: node.id,
        config: node.config,
        inputs: input,
        run: { id: options.runId, input: options.input },
        services: options.services,
        signal,
        emit,
      });
      signal.throwIfAborted();
      attemptLog = result.attempts;
    } catch (caught) {
      // provider errors carry every attempt they made, so failed retries show in the trace too
      const attempts = (caught as { attempts?: unknown }).attempts;
      if (Array.isArray(attempts)) attemptLog = attempts;
      // a failed model call still names its provider and model, so usage can count it as an error
      failedUsage = (caught as { usage?: ModelUsage }).usage;
      if (runAbort.signal.aborted && !deadline.expired) {
        status = "CANCELLED";
        error = failure?.error ?? "The run was cancelled";
      } else {
        status = "FAILED";
        error = deadline.expired ? new NodeTimeoutError(nodeTimeoutMs).message : caught instanceof Error ? caught.message : String(caught);
      }
    } finally {
      deadline.dispose();
    }
    const finishedAt = Date.now();
    const usage: ModelUsage | undefined = result?.usage ?? failedUsage;
    steps.push({
      nodeId: node.id,
      nodeType: node.type,
      status,
      input,
      output: result?.outputs ?? null,
      error,
      provider: usage?.provider ?? null,
      model: usage?.model ?? null,
      tokensIn: usage?.tokensIn ?? 0,
      tokensOut: usage?.tokensOut ?? 0,
      costUsd: usage?.costUsd ?? 0,
      attempts: usage?.attempts ?? attemptLog?.length ?? 1,
      detail: attemptLog ? { attempts: attemptLog } : null,
      startedAt: nodeStarted,
      finishedAt,
    });
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
    await Promise.all(
      node.dependents.map((id) => {
        const left = waiting.get(id)! - 1;
        waiting.set(id, left);
        return left === 0 && !failure ? runNode(flow.nodes.get(id)!) : undefined;
      }),
    );
  }

  await Promise.all(flow.order.filter((id) => waiting.get(id) === 0).map((id) => runNode(flow.nodes.get(id)!)));
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
  const ended = failure as { status: StepStatus; error: string } | null;
  return {
    status: ended?.status ?? "SUCCEEDED",
    output: ended ? null : replies.join("\n\n"),
    error: ended?.error ?? null,
    steps,
    ...totals,
    startedAt,
    finishedAt,
  };
}
