// Loads a finished run's steps onto the canvas: badges plus each node's input, output and error.
import type { EditorStore } from "./editor-store";

interface StoredStep {
  nodeId: string;
  status: "SUCCEEDED" | "FAILED" | "CANCELLED" | "SKIPPED";
  input: unknown;
  output: unknown;
  error: string | null;
  latencyMs: number | null;
  tokensIn: number;
  tokensOut: number;
  costUsd: number;
  model: string | null;
  detail: { note?: string } | null;
}

export async function showRunTrace(store: EditorStore, runId: string, options: { clear: boolean }): Promise<void> {
  const response = await fetch(`/api/runs/${runId}`);
  if (!response.ok) return;
  const { run } = (await response.json()) as { run: { steps: StoredStep[] } };
  if (options.clear) store.clearRunStates();
  for (const step of run.steps)
    store.setRunState(step.nodeId, {
      status: step.status,
      latencyMs: step.latencyMs ?? undefined,
      tokensIn: step.tokensIn,
      tokensOut: step.tokensOut,
      costUsd: step.costUsd,
      model: step.model ?? undefined,
      error: step.error ?? undefined,
      note: step.detail?.note,
      input: step.input,
      output: step.output,
    });
}
