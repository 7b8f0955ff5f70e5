"use client";
// Quality against cost per item, one bubble per variant with its 95 % interval as a whisker: bubble
// size is p50 latency, the Pareto frontier is a dashed line through its variants and the recommended
// variant is ringed. Drawn as plain SVG from `layoutChart`, which keeps labels and bubbles apart.
import type { VariantStats } from "@switchyard/evals";
import { formatCost, percent } from "@/lib/format";
import { layoutChart } from "./chart-layout";

const palette = ["#6366f1", "#f59e0b", "#10b981", "#ef4444", "#0ea5e9", "#a855f7", "#84cc16", "#ec4899"];
const WIDTH = 640;
const HEIGHT = 300;
const plot = { left: 56, right: WIDTH - 16, top: 20, bottom: HEIGHT - 44 };
const scoreTicks = [0, 0.25, 0.5, 0.75, 1];

export function QualityCostChart({
  stats,
  frontier,
  recommended,
}: {
  stats: VariantStats[];
  frontier: string[];
  recommended: string | null;
}) {
  const scored = stats.filter((stat) => stat.items > 0);
  const { axis, placed, xOf, yOf } = layoutChart(
    scored.map((stat) => ({
      key: stat.variantKey,
      label: stat.label,
      cost: stat.costPerItemUsd,
      score: stat.meanScore,
      interval: stat.scoreInterval,
      latencyMs: stat.p50LatencyMs,
    })),
    plot,
  );
  const colour = (key: string) => palette[stats.findIndex((stat) => stat.variantKey === key) % palette.length]!;
  const frontierLine = placed.filter((point) => frontier.includes(point.key)).sort((a, b) => a.x - b.x);

  return (
    <div className="flex flex-col gap-2" data-testid="quality-cost-chart">
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} className="h-auto w-full" role="img" aria-label="Quality against cost per item">
        {scoreTicks.map((tick) => (
          <g key={tick}>
            <line x1={plot.left} x2={plot.right} y1={yOf(tick)} y2={yOf(tick)} stroke="#f4f4f5" />
            <text x={plot.left - 6} y={yOf(tick) + 4} textAnchor="end" fontSize={11} fill="#a1a1aa">
              {tick * 100}%
            </text>
          </g>
        ))}
        {axis.ticks.map((tick) => (
          <g key={tick}>
            <line x1={xOf(tick)} x2={xOf(tick)} y1={plot.top} y2={plot.bottom} stroke="#f4f4f5" />
            <text x={xOf(tick)} y={plot.bottom + 16} textAnchor="middle" fontSize={11} fill="#a1a1aa" data-testid="cost-tick">
              {axis.format(tick)}
            </text>
          </g>
        ))}
        <line x1={plot.left} x2={plot.right} y1={plot.bottom} y2={plot.bottom} stroke="#d4d4d8" />
        <line x1={plot.left} x2={plot.left} y1={plot.top} y2={plot.bottom} stroke="#d4d4d8" />
        <text x={(plot.left + plot.right) / 2} y={HEIGHT - 6} textAnchor="middle" fontSize={11} fill="#71717a">
          Cost per item →
        </text>
        <text
          x={14}
          y={(plot.top + plot.bottom) / 2}
          textAnchor="middle"
          fontSize={11}
          fill="#71717a"
          transform={`rotate(-90 14 ${(plot.top + plot.bottom) / 2})`}
        >
          Mean score (95 % CI)
        </text>
        {frontierLine.length > 1 && (
          <polyline
            points={frontierLine.map((point) => `${point.x},${point.y}`).join(" ")}
            fill="none"
            stroke="#6366f1"
            strokeDasharray="5 4"
          />
        )}
        {placed.map((point) => (
          <g key={point.key} data-testid="chart-point" data-variant={point.key}>
            <title>
              {`${point.label}: mean score ${percent(point.score)} (95 % CI ${percent(point.interval[0])}–${percent(point.interval[1])}), ${formatCost(point.cost)} per item, p50 latency ${point.latencyMs ?? "—"} ms${frontier.includes(point.key) ? ", on the Pareto frontier" : ""}`}
            </title>
            {point.key === recommended && (
              <circle cx={point.x} cy={point.y} r={point.radius + 5} fill="none" stroke="#059669" strokeWidth={2} />
            )}
            <circle
              cx={point.x}
              cy={point.y}
              r={point.radius}
              fill={colour(point.key)}
              fillOpacity={frontier.includes(point.key) ? 0.85 : 0.35}
              stroke={colour(point.key)}
            />
            {/* the whisker over the bubble: a narrow interval stays visible */}
            <line
              x1={point.x}
              x2={point.x}
              y1={point.whisker[0]}
              y2={point.whisker[1]}
              stroke="#3f3f46"
              strokeWidth={1.5}
              data-testid="whisker"
            />
            {point.whisker.map((y, end) => (
              <line key={end} x1={point.x - 5} x2={point.x + 5} y1={y} y2={y} stroke="#3f3f46" strokeWidth={1.5} />
            ))}
            {point.leader && (
              <line
                x1={point.x}
                y1={point.y}
                x2={Math.min(Math.max(point.x, point.labelBox.x), point.labelBox.x + point.labelBox.width)}
                y2={point.labelBox.y + (point.labelBox.y > point.y ? 0 : point.labelBox.height)}
                stroke="#a1a1aa"
                strokeWidth={1}
                data-testid="label-leader"
              />
            )}
            <text
              x={point.labelBox.x + point.labelBox.width / 2}
              y={point.labelBox.y + 11}
              textAnchor="middle"
              fontSize={11}
              fill="#3f3f46"
              data-testid="chart-label"
            >
              {point.label}
            </text>
          </g>
        ))}
      </svg>
      <p className="text-xs text-zinc-500">
        Whiskers: 95 % confidence interval of the mean score. Bubble size: p50 latency. Dashed line: Pareto frontier (no other variant is
        both cheaper and better). Green ring: recommended. Variants at the same point are set side by side.
      </p>
    </div>
  );
}
