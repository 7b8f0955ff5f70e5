"use client";
// Latency and cost: checks with a limit, reported apart from the quality score.
import type { EvaluatorChoice } from "./evaluator-choice";
import { Input } from "@/components/ui/input";

export function LatencyCard({ choice }: { choice: EvaluatorChoice }) {
  const latency = choice.find("latency");
  return (
    <div className="flex items-center gap-2">
      <input
        type="checkbox"
        aria-label="Latency"
        checked={Boolean(latency)}
        onChange={() => choice.toggle("latency", () => ({ id: "latency", kind: "latency", maxMs: 2_000 }))}
      />
      <span>Latency at most</span>
      <Input
        aria-label="Latency limit"
        type="number"
        className="w-28"
        value={latency?.maxMs ?? 2000}
        disabled={!latency}
        onChange={(event) => choice.update("latency", { maxMs: Number(event.target.value) })}
      />
      <span className="text-zinc-500">ms</span>
    </div>
  );
}

export function CostCard({ choice }: { choice: EvaluatorChoice }) {
  const cost = choice.find("cost");
  return (
    <div className="flex items-center gap-2">
      <input
        type="checkbox"
        aria-label="Cost"
        checked={Boolean(cost)}
        onChange={() => choice.toggle("cost", () => ({ id: "cost", kind: "cost", maxUsd: 0.01 }))}
      />
      <span>Cost at most $</span>
      <Input
        aria-label="Cost limit"
        type="number"
        step="0.001"
        className="w-28"
        value={cost?.maxUsd ?? 0.01}
        disabled={!cost}
        onChange={(event) => choice.update("cost", { maxUsd: Number(event.target.value) })}
      />
      <span className="text-zinc-500">per item</span>
    </div>
  );
}
