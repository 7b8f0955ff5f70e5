// Where a node added from the palette goes and how far Tidy up may zoom out: new nodes land where the
// user is looking, never on top of another node; a tidied flow stays readable.

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

const GAP = 24;
const STEP = 40;
const REACH = 30; // steps searched in each direction before giving up (a flow that full is rare)

const overlaps = (a: Rect, b: Rect) =>
  a.x < b.x + b.width + GAP && b.x < a.x + a.width + GAP && a.y < b.y + b.height + GAP && b.y < a.y + a.height + GAP;

/**
 * The free spot nearest to `anchor` (top-left of the new node) where a node of `size` overlaps no
 * occupied rectangle, searched on a 40 px grid; below and to the right win ties, as people read a flow.
 */
export function freeSpot(anchor: { x: number; y: number }, size: { width: number; height: number }, occupied: Rect[]) {
  const offsets: [number, number][] = [];
  for (let dx = -REACH; dx <= REACH; dx++) for (let dy = -REACH; dy <= REACH; dy++) offsets.push([dx, dy]);
  offsets.sort(([ax, ay], [bx, by]) => Math.hypot(ax, ay) - Math.hypot(bx, by) || by - ay || bx - ax);
  for (const [dx, dy] of offsets) {
    const candidate = { x: anchor.x + dx * STEP, y: anchor.y + dy * STEP, ...size };
    if (!occupied.some((rect) => overlaps(candidate, rect))) return { x: candidate.x, y: candidate.y };
  }
  return anchor;
}

/** Below this zoom node labels are too small to read; Tidy up stops there and the user scrolls. */
export const READABLE_ZOOM = 0.6;

/**
 * The viewport Tidy up shows: the whole flow when it fits at a readable zoom, else the flow's start
 * (top-left) at that zoom, so what the user sees first is where the flow begins.
 */
export function tidyViewport(bounds: Rect, view: { width: number; height: number }, padding = 40) {
  const fit = Math.min((view.width - 2 * padding) / bounds.width, (view.height - 2 * padding) / bounds.height, 1);
  if (fit >= READABLE_ZOOM) return null; // fitView centres it
  return { x: padding - bounds.x * READABLE_ZOOM, y: padding - bounds.y * READABLE_ZOOM, zoom: READABLE_ZOOM };
}
