"use client";
// The selected Model node's toolbar: swap its model, or swap and re-run evals. It sits above the node
// unless that would put it past the canvas's top edge (where the canvas clips it), then below; it
// starts at the node's left edge, so it never reaches under a palette floating at the canvas's left.
import { NodeToolbar, Position, useInternalNode, useStore } from "@xyflow/react";
import { SwapEvalsButton } from "./swap-evals";

// the toolbar's height plus its gap to the node, in screen pixels
const ROOM_ABOVE = 48;

interface Props {
  workspaceId: string;
  botId: string;
  nodeId: string;
  model: string;
  models: string[];
  onModelChange: (model: string) => void;
}

export function ModelToolbar({ workspaceId, botId, nodeId, model, models, onModelChange }: Props) {
  const node = useInternalNode(nodeId);
  // the node's top edge on screen, relative to the canvas: re-read as the view pans and zooms
  const top = useStore((state) => (node ? node.internals.positionAbsolute.y * state.transform[2] + state.transform[1] : 0));
  const position = top < ROOM_ABOVE ? Position.Bottom : Position.Top;
  return (
    <NodeToolbar
      nodeId={nodeId}
      position={position}
      align="start"
      className="flex items-start gap-2"
      data-testid="model-toolbar"
      data-position={position}
    >
      <select
        aria-label="Swap model"
        className="rounded-md border border-zinc-300 bg-white px-2 py-1 text-xs shadow"
        value={model}
        onChange={(event) => onModelChange(event.target.value)}
      >
        <option value="">Swap model…</option>
        {models.map((choice) => (
          <option key={choice} value={choice}>
            {choice}
          </option>
        ))}
      </select>
      <SwapEvalsButton workspaceId={workspaceId} botId={botId} nodeId={nodeId} models={models} current={model} />
    </NodeToolbar>
  );
}
