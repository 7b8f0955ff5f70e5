// Loads a finished run's steps onto the canvas: badges plus each node's input, output and error.
import type { GET as getRun } from "@/app/api/runs/[runId]/route";
import { api } from "@/lib/api";
import type { ResponseOf } from "@/server/route";
import type { EditorStore } from "./editor-store";

/** An approval sub-step (an agent's tool call a person answered) says who answered, and whether they edited it. */
function approvalNote(output: unknown): string | null {
  const answer = output as { action?: string; answeredBy?: string; changed?: boolean } | null;
  if (!answer?.answeredBy || !answer.action) return null;
  return `${answer.action} by ${answer.answeredBy}${answer.changed ? " (edited)" : ""}`;
}

type StoredStep = ResponseOf<typeof getRun>["run"]["steps"][number];

export async function showRunTrace(store: EditorStore, runId: string, options: { clear: boolean }): Promise<void> {
  // a trace that cannot be loaded (the run was deleted, access ended) leaves the canvas as it was
  const found = await api<ResponseOf<typeof getRun>>(`/api/runs/${runId}`).catch(() => null);
  if (!found) return;
  const { run } = found;
  if (options.clear) store.clearRunStates();
  // sub-steps (ids "<node>/<kind>-<n>:<name>") name their parent in detail.parentId; a called bot's
  // steps nest deeper (their parent is a sub-step): all show under the canvas node, each under its parent
  const children = new Map<string, StoredStep[]>();
  for (const step of run.steps) {
    const parent = step.detail?.parentId;
    if (parent) children.set(parent, [...(children.get(parent) ?? []), step]);
  }
  const descendants = (id: string, depth = 1): { step: StoredStep; depth: number }[] =>
    (children.get(id) ?? []).flatMap((step) => [{ step, depth }, ...descendants(step.nodeId, depth + 1)]);
  for (const step of run.steps.filter((candidate) => !candidate.detail?.parentId))
    store.setRunState(step.nodeId, {
      subSteps: descendants(step.nodeId).map(({ step: sub, depth }) => ({
        id: sub.nodeId.slice(step.nodeId.length + 1),
        status: sub.status,
        latencyMs: sub.latencyMs,
        error: sub.error,
        note: approvalNote(sub.output),
        depth,
      })),
      status: step.status,
      latencyMs: step.latencyMs ?? undefined,
      tokensIn: step.tokensIn,
      tokensOut: step.tokensOut,
      costUsd: step.costUsd,
      model: step.model ?? undefined,
      provider: step.provider ?? undefined,
      error: step.error ?? undefined,
      note: step.detail?.note,
      input: step.input,
      output: step.output,
    });
}
