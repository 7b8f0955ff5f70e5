// Where a node's handles are, computed rather than measured. React Flow renders every node it has not
// measured yet, so a large flow would first mount all its nodes just to measure and then hide them;
// with known sizes and handle positions it draws only what is on screen from the first frame.
import { nodeRegistry } from "@switchyard/nodes";
import { Position, type NodeHandle } from "@xyflow/react";

/** Fixed sizes (px) the node view uses, so the geometry below is exact. */
export const NODE_WIDTH = 220;
export const HEADER_HEIGHT = 36;
export const SUBTITLE_HEIGHT = 24;
export const PORTS_PADDING = 8;
export const PORT_ROW_HEIGHT = 20;
export const PORT_ROW_GAP = 6;
const BORDER = 1;
const HANDLE_SIZE = 10;

const portCenterY = (index: number) =>
  BORDER + HEADER_HEIGHT + SUBTITLE_HEIGHT + PORTS_PADDING + index * (PORT_ROW_HEIGHT + PORT_ROW_GAP) + PORT_ROW_HEIGHT / 2;

export interface NodeGeometry {
  initialWidth: number;
  initialHeight: number;
  handles: NodeHandle[];
}

const cache = new Map<string, NodeGeometry>();

export function nodeGeometry(nodeType: string): NodeGeometry {
  const known = cache.get(nodeType);
  if (known) return known;
  const definition = nodeRegistry.get(nodeType);
  const inputs = definition?.inputs ?? [];
  const outputs = definition?.outputs ?? [];
  const rows = Math.max(inputs.length, outputs.length, 1);
  const handle = (type: "source" | "target", name: string, index: number): NodeHandle => ({
    id: name,
    type,
    position: type === "target" ? Position.Left : Position.Right,
    x: type === "target" ? BORDER - HANDLE_SIZE / 2 : NODE_WIDTH - BORDER - HANDLE_SIZE / 2,
    y: portCenterY(index) - HANDLE_SIZE / 2,
    width: HANDLE_SIZE,
    height: HANDLE_SIZE,
  });
  const geometry: NodeGeometry = {
    initialWidth: NODE_WIDTH,
    initialHeight: portCenterY(rows - 1) + PORT_ROW_HEIGHT / 2 + PORTS_PADDING + BORDER,
    handles: [
      ...inputs.map((port, index) => handle("target", port.name, index)),
      ...outputs.map((port, index) => handle("source", port.name, index)),
    ],
  };
  cache.set(nodeType, geometry);
  return geometry;
}
