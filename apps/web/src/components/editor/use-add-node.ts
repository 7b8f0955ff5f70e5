// Adding a node from the palette: a click puts it next to the selected node, else in the middle of
// the part of the canvas the user sees (a palette floating over it excluded); a drop puts it where it
// was dropped. Either way it moves to the nearest spot no node occupies, and the view follows it.
import { useReactFlow, type Edge } from "@xyflow/react";
import { useCallback, type RefObject } from "react";
import type { FlowCanvasNode } from "./flow-node";
import { NODE_WIDTH, nodeGeometry } from "./node-geometry";
import { freeSpot } from "./placement";

/** The canvas's on-screen rectangle, less a palette floating over its left side. */
function visibleArea(area: HTMLElement) {
  const box = area.getBoundingClientRect();
  const palette = area.parentElement?.querySelector('[aria-label="Node palette"]')?.getBoundingClientRect();
  const left = palette && palette.right > box.left && palette.left <= box.left ? palette.right : box.left;
  return { left, top: box.top, right: box.right, bottom: box.bottom };
}

export function useAddNode(
  area: RefObject<HTMLElement | null>,
  makeNode: (id: string, type: string, position: { x: number; y: number }) => FlowCanvasNode,
  nextId: (type: string, nodes: FlowCanvasNode[]) => string,
) {
  const flow = useReactFlow<FlowCanvasNode, Edge>();
  return useCallback(
    (type: string, dropped?: { x: number; y: number }) => {
      const current = flow.getNodes();
      const { initialWidth: width, initialHeight: height } = nodeGeometry(type);
      const view = area.current ? visibleArea(area.current) : null;
      const topLeft = view && flow.screenToFlowPosition({ x: view.left, y: view.top });
      const bottomRight = view && flow.screenToFlowPosition({ x: view.right, y: view.bottom });
      const selected = current.find((node) => node.selected);
      const anchor =
        dropped ??
        (selected
          ? { x: selected.position.x + (selected.measured?.width ?? NODE_WIDTH) + 60, y: selected.position.y }
          : topLeft && bottomRight
            ? { x: (topLeft.x + bottomRight.x - width) / 2, y: (topLeft.y + bottomRight.y - height) / 2 }
            : { x: 80, y: 80 });
      const occupied = current.map((node) => ({
        ...node.position,
        width: node.measured?.width ?? node.initialWidth ?? NODE_WIDTH,
        height: node.measured?.height ?? node.initialHeight ?? 100,
      }));
      const at = freeSpot(anchor, { width, height }, occupied);
      flow.setNodes((nodes) => [
        ...nodes.map((node) => (node.selected ? { ...node, selected: false } : node)),
        { ...makeNode(nextId(type, nodes), type, at), selected: true },
      ]);
      const inView =
        topLeft && bottomRight && at.x >= topLeft.x && at.y >= topLeft.y && at.x + width <= bottomRight.x && at.y + height <= bottomRight.y;
      if (!inView && view) {
        // centre the new node in the visible part of the canvas, at the current zoom
        const box = area.current!.getBoundingClientRect();
        const zoom = flow.getZoom();
        const shift = (view.left - box.left) / 2 / zoom; // the visible part's centre is right of the canvas's
        void flow.setCenter(at.x + width / 2 - shift, at.y + height / 2, { zoom, duration: 200 });
      }
    },
    [area, flow, makeNode, nextId],
  );
}
