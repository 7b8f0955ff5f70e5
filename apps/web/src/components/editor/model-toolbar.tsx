"use client";
// The selected Model node's toolbar: swap its model, or swap and re-run evals. It sits above the node
// unless that would put it past the canvas's top edge (where the canvas clips it), then below; it
// starts at the node's left edge, so it never reaches under a palette floating at the canvas's left.
// Where it (or the dialog it opens) would still run past an edge of the free canvas, the view pans
// just enough to show it whole: the canvas clips what is outside it.
import { NodeToolbar, Position, useInternalNode, useReactFlow, useStore } from "@xyflow/react";
import { useCallback, useEffect, useRef } from "react";
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
  /** How much of the canvas's left edge a floating palette covers (px). */
  coveredLeft?: number;
}

const MARGIN = 8;

/** How far (px) the view must move so that `rects` lie inside `area`, less `coveredLeft` on its left. */
function shiftIntoView(rects: DOMRect[], area: DOMRect, coveredLeft: number) {
  const left = Math.min(...rects.map((rect) => rect.left));
  const right = Math.max(...rects.map((rect) => rect.right));
  const top = Math.min(...rects.map((rect) => rect.top));
  const bottom = Math.max(...rects.map((rect) => rect.bottom));
  const axis = (low: number, high: number, min: number, max: number) =>
    low < min ? min - low : high > max ? Math.max(max - high, min - low) : 0;
  return {
    x: axis(left, right, area.left + coveredLeft + MARGIN, area.right - MARGIN),
    y: axis(top, bottom, area.top + MARGIN, area.bottom - MARGIN),
  };
}

export function ModelToolbar({ workspaceId, botId, nodeId, model, models, onModelChange, coveredLeft = 0 }: Props) {
  const node = useInternalNode(nodeId);
  const flow = useReactFlow();
  const content = useRef<HTMLDivElement>(null);
  const keepInView = useCallback(() => {
    const element = content.current;
    const canvas = element?.closest(".react-flow");
    if (!element || !canvas) return;
    const rects = [element, ...element.querySelectorAll('[role="dialog"]')].map((part) => part.getBoundingClientRect());
    const shift = shiftIntoView(rects, canvas.getBoundingClientRect(), coveredLeft);
    if (!shift.x && !shift.y) return;
    const { x, y, zoom } = flow.getViewport();
    void flow.setViewport({ x: x + shift.x, y: y + shift.y, zoom }, { duration: 200 });
  }, [flow, coveredLeft]);
  // on selection, and after a click inside (the swap dialog opening below it)
  useEffect(() => {
    const frame = requestAnimationFrame(keepInView);
    return () => cancelAnimationFrame(frame);
  }, [keepInView, nodeId]);
  // the node's top edge on screen, relative to the canvas: re-read as the view pans and zooms
  const top = useStore((state) => (node ? node.internals.positionAbsolute.y * state.transform[2] + state.transform[1] : 0));
  const position = top < ROOM_ABOVE ? Position.Bottom : Position.Top;
  return (
    <NodeToolbar nodeId={nodeId} position={position} align="start" data-testid="model-toolbar" data-position={position}>
      <div
        ref={content}
        className="flex items-start gap-2"
        onClickCapture={() => [50, 400].forEach((delay) => setTimeout(keepInView, delay))}
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
      </div>
    </NodeToolbar>
  );
}
