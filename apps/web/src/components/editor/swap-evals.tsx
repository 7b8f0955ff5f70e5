"use client";
// "Swap model and re-run evals" on a model node: pick the new model, the bot's default dataset runs
// for the current and the new model, and the comparison opens when it is done. The flow itself is
// not changed: the user swaps (or not) after seeing the numbers.
import { FlaskConical } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { api } from "@/lib/api";

export function SwapEvalsButton({
  workspaceId,
  botId,
  nodeId,
  models,
  current,
}: {
  workspaceId: string;
  botId: string;
  nodeId: string;
  models: string[];
  current: string;
}) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const choices = models.filter((model) => model !== current);
  const [model, setModel] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [starting, setStarting] = useState(false);

  async function start() {
    setError(null);
    setStarting(true);
    try {
      const { evalRun } = await api<{ evalRun: { id: string } }>(`/api/workspaces/${workspaceId}/bots/${botId}/swap-model-evals`, {
        body: { nodeId, model },
      });
      router.push(`/w/${workspaceId}/evals/runs/${evalRun.id}?then=compare`);
    } catch (caught) {
      setError((caught as Error).message);
      setStarting(false);
    }
  }

  return (
    <div className="relative">
      <button
        type="button"
        onClick={() => setOpen(!open)}
        className="inline-flex items-center gap-1 rounded-md border border-indigo-200 bg-indigo-50 px-2 py-1 text-xs font-medium text-indigo-700 shadow hover:bg-indigo-100"
      >
        <FlaskConical className="h-3.5 w-3.5" /> Swap model and re-run evals
      </button>
      {open && (
        <div
          className="absolute right-0 top-full z-30 mt-1 flex w-72 flex-col gap-2 rounded-lg border border-zinc-200 bg-white p-3 text-xs shadow-lg"
          role="dialog"
          aria-label="Swap model and re-run evals"
        >
          <p className="text-zinc-600">
            Runs the bot&apos;s default dataset with <strong>{current || "the current model"}</strong> and the model you pick, then opens
            the comparison.
          </p>
          <select
            aria-label="New model"
            className="rounded-md border border-zinc-300 px-2 py-1.5"
            value={model}
            onChange={(event) => setModel(event.target.value)}
          >
            <option value="">Choose the new model…</option>
            {choices.map((choice) => (
              <option key={choice} value={choice}>
                {choice}
              </option>
            ))}
          </select>
          {error && (
            <p role="alert" className="text-red-600">
              {error}
            </p>
          )}
          <Button size="sm" disabled={!model || starting} onClick={() => void start()}>
            {starting ? "Starting…" : "Run evals for both"}
          </Button>
        </div>
      )}
    </div>
  );
}
