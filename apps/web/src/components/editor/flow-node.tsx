"use client";
// One node on the canvas: small and memoized; its live state comes from the editor store by id.
import { nodeRegistry } from "@switchyard/nodes";
import { Handle, Position, type Node, type NodeProps } from "@xyflow/react";
import { AlertTriangle, CheckCircle2, Loader2, MinusCircle, XCircle } from "lucide-react";
import { createContext, memo, useContext } from "react";
import { cn } from "@/lib/cn";
import { formatCost } from "@/lib/format";
import { EditorStore, useNodeProblems, useNodeRunState } from "./editor-store";
import { HEADER_HEIGHT, NODE_WIDTH, PORT_ROW_GAP, PORT_ROW_HEIGHT, PORTS_PADDING, SUBTITLE_HEIGHT } from "./node-geometry";
import { categoryColors, portColors } from "./ports";

export type FlowNodeData = { nodeType: string; config: Record<string, unknown> };
export type FlowCanvasNode = Node<FlowNodeData, "flow">;

export const EditorStoreContext = createContext<EditorStore>(new EditorStore());

const names = (list: unknown, key: string) =>
  Array.isArray(list) ? list.map((item) => (item as Record<string, unknown>)[key]).join(" · ") : "";

function subtitle(nodeType: string, config: Record<string, unknown>) {
  if (nodeType === "model" || nodeType === "agent")
    return typeof config.model === "string" && config.model ? config.model : "no model chosen";
  if (nodeType === "prompt-template" && typeof config.template === "string") return config.template.slice(0, 60);
  if (nodeType === "condition" && typeof config.expression === "string") return config.expression.slice(0, 60);
  if (nodeType === "router") return names(config.routes, "name") || "no routes";
  if (nodeType === "ensemble") return names(config.models, "model") || "no models";
  return null;
}

function FlowNodeView({ id, data, selected }: NodeProps<FlowCanvasNode>) {
  const store = useContext(EditorStoreContext);
  const run = useNodeRunState(store, id);
  const problems = useNodeProblems(store, id);
  const definition = nodeRegistry.get(data.nodeType);
  const detail = subtitle(data.nodeType, data.config) ?? definition?.description ?? "";
  // every size is fixed (see node-geometry.ts): handle positions are computed, not measured
  return (
    <div
      style={{ width: NODE_WIDTH }}
      className={cn(
        "rounded-lg border bg-white", // no shadows or transitions: they dominate paint time on large flows
        selected ? "border-indigo-500 ring-2 ring-indigo-200" : "border-zinc-300",
        run?.status === "running" && "ring-2 ring-sky-300",
        run?.status === "FAILED" && "border-red-400",
        run?.status === "SKIPPED" && "border-dashed opacity-60",
      )}
      data-testid={`node-${id}`}
      data-status={run?.status ?? "idle"}
    >
      <div style={{ height: HEADER_HEIGHT }} className="flex items-center gap-2 border-b border-zinc-100 px-3">
        <span className={cn("rounded px-1.5 py-0.5 text-[10px] font-semibold uppercase", categoryColors[definition?.category ?? "Logic"])}>
          {definition?.category ?? "?"}
        </span>
        <span className="truncate text-sm font-medium">{definition?.label ?? data.nodeType}</span>
        <span className="ml-auto flex items-center">
          {run?.status === "running" && run.progress && (
            <span className="mr-1 text-xs tabular-nums text-sky-700" data-testid={`progress-${id}`} aria-label="items done">
              {run.progress.done} / {run.progress.total}
            </span>
          )}
          {run?.status === "running" && <Loader2 className="h-4 w-4 animate-spin text-sky-500" aria-label="running" />}
          {run?.status === "SUCCEEDED" && <CheckCircle2 className="h-4 w-4 text-emerald-500" aria-label="succeeded" />}
          {(run?.status === "FAILED" || run?.status === "CANCELLED") && <XCircle className="h-4 w-4 text-red-500" aria-label="failed" />}
          {run?.status === "SKIPPED" && <MinusCircle className="h-4 w-4 text-zinc-400" aria-label="skipped" />}
          {!run && problems?.length ? (
            <AlertTriangle className="h-4 w-4 text-amber-500" aria-label={`${problems.length} problems`} />
          ) : null}
        </span>
      </div>
      <div style={{ height: SUBTITLE_HEIGHT, lineHeight: `${SUBTITLE_HEIGHT}px` }} className="truncate px-3 text-xs text-zinc-500">
        {detail}
      </div>
      <div style={{ paddingBlock: PORTS_PADDING }} className="flex justify-between gap-4 text-xs">
        <div style={{ gap: PORT_ROW_GAP }} className="flex flex-col">
          {definition?.inputs.map((port) => (
            <div key={port.name} style={{ height: PORT_ROW_HEIGHT }} className="relative flex items-center pl-3 text-zinc-600">
              <Handle
                type="target"
                position={Position.Left}
                id={port.name}
                style={{ background: portColors[port.type], width: 10, height: 10 }}
                title={`${port.label} (${port.type})`}
              />
              {port.label}
              {port.required && <span className="text-red-500">*</span>}
            </div>
          ))}
        </div>
        <div style={{ gap: PORT_ROW_GAP }} className="flex flex-col items-end">
          {definition?.outputs.map((port) => (
            <div key={port.name} style={{ height: PORT_ROW_HEIGHT }} className="relative flex items-center pr-3 text-zinc-600">
              {port.label}
              <Handle
                type="source"
                position={Position.Right}
                id={port.name}
                style={{ background: portColors[port.type], width: 10, height: 10 }}
                title={`${port.label} (${port.type})`}
              />
            </div>
          ))}
        </div>
      </div>
      {run && run.status !== "running" && (
        <div className="flex flex-wrap gap-x-2 border-t border-zinc-100 px-3 py-1.5 text-[11px] text-zinc-500" data-testid={`badge-${id}`}>
          {run.status === "SKIPPED" ? <span>skipped: branch not taken</span> : <span>{run.latencyMs} ms</span>}
          {run.model !== undefined && (
            <>
              {run.model && (
                // the model this run really used: an old run's trace may predate a model swap
                <span className="w-full truncate text-zinc-600" data-testid={`ran-on-${id}`} title={run.provider}>
                  {run.provider ? `${run.provider.toLowerCase().replaceAll("_", "-")} · ` : ""}
                  {run.model}
                </span>
              )}
              <span>
                {run.tokensIn}→{run.tokensOut} tok
              </span>
              {!run.costUsd && run.model && !store.priceKnown(data.config.credentialId, run.model) ? (
                <a className="nodrag text-amber-700 underline" href={store.pricesHref} title={`No price is set for ${run.model}`}>
                  price unknown
                </a>
              ) : (
                <span>{formatCost(run.costUsd ?? 0)}</span>
              )}
            </>
          )}
          {run.note && run.status !== "SKIPPED" && (
            <span className="w-full truncate text-zinc-600" title={run.note}>
              {run.note}
            </span>
          )}
        </div>
      )}
      {problems?.length && !run ? (
        <div className="border-t border-amber-100 bg-amber-50 px-3 py-1 text-[11px] text-amber-800">{problems[0]}</div>
      ) : null}
    </div>
  );
}

export const FlowNode = memo(FlowNodeView);
export const nodeTypes = { flow: FlowNode };
