// Where the quality-vs-cost chart draws each variant: bubbles inside the plot (never over the axis
// labels), coinciding bubbles set side by side, and each label in the first free spot around its
// bubble, so no label is printed over another label or bubble. Pure, so it is unit-tested.
import { costAxis, type CostAxis } from "../usage/cost-axis";

export interface ChartPoint {
  key: string;
  label: string;
  cost: number;
  /** 0–1 */
  score: number;
  interval: [number, number];
  latencyMs: number | null;
}

export interface PlacedPoint extends ChartPoint {
  x: number;
  y: number;
  radius: number;
  whisker: [top: number, bottom: number];
  labelBox: Box;
  /** The label sits away from its bubble (no free spot next to it): draw a line between them. */
  leader: boolean;
}

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface Plot {
  left: number;
  right: number;
  top: number;
  bottom: number;
}

export const MIN_RADIUS = 7;
export const MAX_RADIUS = 16;
const LABEL_HEIGHT = 14;
const CHAR_WIDTH = 6.4; // 11 px system sans, generous so estimates never undershoot

const overlaps = (a: Box, b: Box) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
const circleBox = (x: number, y: number, radius: number): Box => ({ x: x - radius, y: y - radius, width: 2 * radius, height: 2 * radius });

export interface ChartLayout {
  axis: CostAxis;
  placed: PlacedPoint[];
  /** Pixel position of a cost and of a 0–1 score: where the ticks go. */
  xOf: (cost: number) => number;
  yOf: (score: number) => number;
}

export function layoutChart(points: ChartPoint[], plot: Plot): ChartLayout {
  const axis = costAxis(points.map((point) => point.cost));
  const latencies = points.map((point) => point.latencyMs ?? 0);
  const [minLatency, maxLatency] = [Math.min(...latencies), Math.max(...latencies)];
  const radiusOf = (latency: number) =>
    maxLatency === minLatency
      ? (MIN_RADIUS + MAX_RADIUS) / 2
      : MIN_RADIUS + ((latency - minLatency) / (maxLatency - minLatency)) * (MAX_RADIUS - MIN_RADIUS);
  // the data area is inset by the largest bubble, so a bubble at $0 or 100 % stays off the axes
  const inner = {
    left: plot.left + MAX_RADIUS + 4,
    right: plot.right - MAX_RADIUS - 4,
    top: plot.top + MAX_RADIUS + 4,
    bottom: plot.bottom - MAX_RADIUS - 4,
  };
  const xOf = (cost: number) => inner.left + (cost / axis.domain[1]) * (inner.right - inner.left);
  const yOf = (score: number) => inner.bottom - score * (inner.bottom - inner.top);

  const placed: PlacedPoint[] = [];
  const sorted = [...points].sort((a, b) => a.cost - b.cost || b.score - a.score);
  for (const point of sorted) {
    const radius = radiusOf(point.latencyMs ?? 0);
    let x = xOf(point.cost);
    const y = yOf(point.score);
    // a bubble on top of an earlier one moves right by a bubble width until it sits free
    while (placed.some((other) => Math.hypot(other.x - x, other.y - y) < other.radius + radius + 2)) x += 2 * MIN_RADIUS + 2;
    x = Math.min(x, plot.right - radius);
    placed.push({
      ...point,
      x,
      y,
      radius,
      whisker: [yOf(point.interval[1]), yOf(point.interval[0])],
      labelBox: { x, y, width: 0, height: 0 },
      leader: false,
    });
  }

  // labels keep off every bubble and every whisker
  const taken: Box[] = placed.flatMap((point) => [
    circleBox(point.x, point.y, point.radius),
    { x: point.x - 6, y: point.whisker[0], width: 12, height: point.whisker[1] - point.whisker[0] },
  ]);
  for (const point of placed) {
    const width = point.label.length * CHAR_WIDTH;
    const gap = point.radius + 4;
    const candidates: Box[] = [];
    for (let step = 0; step < 6; step++) {
      const lift = step * LABEL_HEIGHT;
      candidates.push(
        { x: point.x - width / 2, y: point.y - gap - LABEL_HEIGHT - lift, width, height: LABEL_HEIGHT },
        { x: point.x + gap, y: point.y - LABEL_HEIGHT / 2 - lift, width, height: LABEL_HEIGHT },
        { x: point.x - width / 2, y: point.y + gap + lift, width, height: LABEL_HEIGHT },
        { x: point.x - gap - width, y: point.y - LABEL_HEIGHT / 2 + lift, width, height: LABEL_HEIGHT },
      );
    }
    const inside = (box: Box) =>
      box.x >= plot.left && box.x + box.width <= plot.right && box.y >= plot.top - 12 && box.y + box.height <= plot.bottom;
    const free = (box: Box) => inside(box) && !taken.some((other) => overlaps(box, other));
    const beside = candidates.find(free);
    // many coinciding variants leave no room next to the bubble: the nearest free spot in the plot,
    // joined to its bubble by a line (a label printed over another is never acceptable)
    const away = beside ? undefined : nearestFreeBox(point, width, plot, free);
    const box = beside ?? away ?? candidates[0]!;
    point.labelBox = box;
    point.leader = away !== undefined;
    taken.push(box);
  }
  return { axis, placed, xOf, yOf };
}

function nearestFreeBox(point: { x: number; y: number }, width: number, plot: Plot, free: (box: Box) => boolean): Box | undefined {
  let best: Box | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (let y = plot.top; y + LABEL_HEIGHT <= plot.bottom; y += LABEL_HEIGHT / 2)
    for (let x = plot.left; x + width <= plot.right; x += 8) {
      const distance = Math.hypot(x + width / 2 - point.x, y + LABEL_HEIGHT / 2 - point.y);
      if (distance >= bestDistance) continue;
      const box = { x, y, width, height: LABEL_HEIGHT };
      if (!free(box)) continue;
      best = box;
      bestDistance = distance;
    }
  return best;
}
