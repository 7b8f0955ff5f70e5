import { describe, expect, it } from "vitest";
import { layoutChart, type Box, type ChartPoint } from "./chart-layout";

const plot = { left: 56, right: 600, top: 16, bottom: 260 };
const point = (key: string, cost: number, score: number, latencyMs = 100): ChartPoint => ({
  key,
  label: key,
  cost,
  score,
  interval: [Math.max(0, score - 0.1), Math.min(1, score + 0.1)],
  latencyMs,
});
const overlaps = (a: Box, b: Box) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

describe("quality-vs-cost chart layout", () => {
  it("never prints a label over another label, even when several variants coincide", () => {
    const { placed } = layoutChart(
      [point("gpt-small", 0, 1), point("gpt-small-copy", 0, 1), point("llama-local", 0, 1), point("other", 0.001, 0.5)],
      plot,
    );
    for (const a of placed)
      for (const b of placed) if (a !== b) expect(overlaps(a.labelBox, b.labelBox), `${a.key} / ${b.key}`).toBe(false);
    // nor over a bubble or a whisker
    for (const label of placed)
      for (const other of placed) {
        const whisker = { x: other.x - 6, y: other.whisker[0], width: 12, height: other.whisker[1] - other.whisker[0] };
        const bubble = { x: other.x - other.radius, y: other.y - other.radius, width: 2 * other.radius, height: 2 * other.radius };
        expect(overlaps(label.labelBox, whisker) || overlaps(label.labelBox, bubble), `${label.key} over ${other.key}`).toBe(false);
      }
    // coinciding bubbles are set side by side, not drawn on top of each other
    const xs = placed.filter((p) => p.cost === 0).map((p) => p.x);
    expect(new Set(xs).size).toBe(3);
  });

  it("finds a free spot for every label when eight variants coincide, joined to its bubble by a line", () => {
    const labels = [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7].map((temperature) => `fixture-small · t=${temperature}`);
    const { placed } = layoutChart(
      labels.map((label) => ({ ...point(label, 0, 1), interval: [1, 1] as [number, number] })),
      plot,
    );
    for (const a of placed)
      for (const b of placed) if (a !== b) expect(overlaps(a.labelBox, b.labelBox), `${a.key} / ${b.key}`).toBe(false);
    for (const label of placed) {
      expect(label.labelBox.x).toBeGreaterThanOrEqual(plot.left);
      expect(label.labelBox.x + label.labelBox.width).toBeLessThanOrEqual(plot.right);
      for (const other of placed) {
        const bubble = { x: other.x - other.radius, y: other.y - other.radius, width: 2 * other.radius, height: 2 * other.radius };
        expect(overlaps(label.labelBox, bubble), `${label.key} over ${other.key}`).toBe(false);
      }
    }
    expect(placed.some((p) => p.leader)).toBe(true);
    expect(placed.filter((p) => !p.leader).every((p) => Math.abs(p.labelBox.y - p.y) < 120)).toBe(true);
  });

  it("keeps every bubble inside the plot, off the axis labels, at $0 and at 100 %", () => {
    const { placed } = layoutChart([point("free", 0, 1, 900), point("zero", 0, 0, 900), point("dear", 0.02, 1, 50)], plot);
    for (const p of placed) {
      expect(p.x - p.radius).toBeGreaterThanOrEqual(plot.left);
      expect(p.x + p.radius).toBeLessThanOrEqual(plot.right);
      expect(p.y - p.radius).toBeGreaterThanOrEqual(plot.top);
      expect(p.y + p.radius).toBeLessThanOrEqual(plot.bottom);
    }
  });

  it("the cost axis follows the data (the Usage chart's axis)", () => {
    expect(layoutChart([point("a", 0.0003, 1), point("b", 0.0001, 1)], plot).axis.domain).toEqual([0, 0.0003]);
    expect(layoutChart([point("a", 0, 1)], plot).axis.ticks).toEqual([0]);
  });

  it("whiskers span the interval, top to bottom", () => {
    const [p] = layoutChart([point("a", 0.01, 0.5)], plot).placed;
    expect(p!.whisker[0]).toBeLessThan(p!.y);
    expect(p!.whisker[1]).toBeGreaterThan(p!.y);
  });
});
