"use client";
// Quality against cost per item, one bubble per variant: bubble size is p50 latency, the Pareto
// frontier is drawn as a line through its variants and the recommended variant is ringed.
import type { VariantStats } from "@switchyard/evals";
import { CartesianGrid, Label, Line, ComposedChart, ResponsiveContainer, Scatter, Tooltip, XAxis, YAxis, ZAxis } from "recharts";
import { formatCost } from "@/lib/format";

interface Point {
  key: string;
  label: string;
  cost: number;
  score: number;
  latency: number;
  frontier: boolean;
  recommended: boolean;
}

const palette = ["#6366f1", "#f59e0b", "#10b981", "#ef4444", "#0ea5e9", "#a855f7", "#84cc16", "#ec4899"];

export function QualityCostChart({
  stats,
  frontier,
  recommended,
}: {
  stats: VariantStats[];
  frontier: string[];
  recommended: string | null;
}) {
  const points: Point[] = stats
    .filter((stat) => stat.items > 0)
    .map((stat) => ({
      key: stat.variantKey,
      label: stat.label,
      cost: stat.costPerItemUsd,
      score: Math.round(stat.meanScore * 1000) / 10,
      latency: stat.p50LatencyMs ?? 0,
      frontier: frontier.includes(stat.variantKey),
      recommended: stat.variantKey === recommended,
    }));
  const frontierLine = points.filter((point) => point.frontier).sort((a, b) => a.cost - b.cost);
  const colour = (key: string) => palette[stats.findIndex((stat) => stat.variantKey === key) % palette.length]!;
  return (
    <div className="flex flex-col gap-2" data-testid="quality-cost-chart">
      <div className="h-72 w-full">
        <ResponsiveContainer width="100%" height="100%">
          <ComposedChart margin={{ top: 16, right: 24, bottom: 24, left: 8 }}>
            <CartesianGrid stroke="#f4f4f5" />
            <XAxis
              type="number"
              dataKey="cost"
              name="Cost per item"
              domain={[0, "auto"]}
              padding={{ left: 48, right: 48 }}
              tickFormatter={(value: number) => formatCost(value)}
              fontSize={11}
              stroke="#a1a1aa"
            >
              <Label value="Cost per item →" position="bottom" offset={4} fontSize={11} fill="#71717a" />
            </XAxis>
            <YAxis
              type="number"
              dataKey="score"
              name="Mean score"
              domain={[0, 100]}
              padding={{ top: 24 }}
              unit="%"
              fontSize={11}
              stroke="#a1a1aa"
            >
              <Label value="Mean score" angle={-90} position="insideLeft" fontSize={11} fill="#71717a" />
            </YAxis>
            <ZAxis type="number" dataKey="latency" range={[120, 900]} name="p50 latency" unit=" ms" />
            <Tooltip
              cursor={{ strokeDasharray: "3 3" }}
              content={({ payload }) => {
                const point = payload?.[0]?.payload as Point | undefined;
                if (!point) return null;
                return (
                  <div className="rounded-md border border-zinc-200 bg-white px-3 py-2 text-xs shadow">
                    <div className="font-medium">{point.label}</div>
                    <div>Mean score {point.score}%</div>
                    <div>{formatCost(point.cost)} per item</div>
                    <div>p50 latency {point.latency} ms</div>
                    {point.frontier && <div className="text-indigo-600">On the Pareto frontier</div>}
                  </div>
                );
              }}
            />
            <Line
              data={frontierLine}
              dataKey="score"
              type="linear"
              stroke="#6366f1"
              strokeDasharray="5 4"
              dot={false}
              isAnimationActive={false}
              legendType="none"
            />
            <Scatter
              data={points}
              isAnimationActive={false}
              shape={(props: { cx?: number; cy?: number; size?: number; payload?: Point }) => {
                const { cx = 0, cy = 0, payload } = props;
                const radius = Math.sqrt((props.size ?? 200) / Math.PI);
                if (!payload) return <g />;
                return (
                  <g>
                    {payload.recommended && <circle cx={cx} cy={cy} r={radius + 5} fill="none" stroke="#059669" strokeWidth={2} />}
                    <circle
                      cx={cx}
                      cy={cy}
                      r={radius}
                      fill={colour(payload.key)}
                      fillOpacity={payload.frontier ? 0.85 : 0.35}
                      stroke={colour(payload.key)}
                    />
                    <text x={cx} y={cy - radius - 8} textAnchor="middle" fontSize={11} fill="#3f3f46">
                      {payload.label}
                    </text>
                  </g>
                );
              }}
            />
          </ComposedChart>
        </ResponsiveContainer>
      </div>
      <p className="text-xs text-zinc-500">
        Bubble size: p50 latency. Dashed line: Pareto frontier (no other variant is both cheaper and better). Green ring: recommended.
      </p>
    </div>
  );
}
