"use client";
// A learned router's accuracy against cost per item over every threshold (cross-validated, so each
// point is measured on items its model did not train on), beside the single models it routes between:
// the dashed line is the quality target, the ringed point the chosen threshold.
import type { CurvePoint, SingleModelPoint } from "@switchyard/evals";
import { CartesianGrid, ComposedChart, Label, Line, ReferenceLine, ResponsiveContainer, Scatter, Tooltip, XAxis, YAxis } from "recharts";
import { formatCost } from "@/lib/format";

const pct = (value: number) => Math.round(value * 1000) / 10;

export function RouterCurveChart({
  curve,
  singles,
  chosen,
  selected,
  targetAccuracy,
}: {
  curve: CurvePoint[];
  singles: SingleModelPoint[];
  chosen: CurvePoint;
  selected: CurvePoint;
  targetAccuracy: number;
}) {
  const line = [...curve]
    .sort((a, b) => a.costPerItemUsd - b.costPerItemUsd)
    .map((point) => ({ cost: point.costPerItemUsd, accuracy: pct(point.accuracy), threshold: point.threshold }));
  const models = singles.map((single) => ({ cost: single.costPerItemUsd, accuracy: pct(single.accuracy), label: single.label }));
  const mark = (point: CurvePoint, label: string) => [{ cost: point.costPerItemUsd, accuracy: pct(point.accuracy), label }];
  return (
    <div className="h-80 w-full" data-testid="router-curve-chart">
      <ResponsiveContainer width="100%" height="100%">
        <ComposedChart margin={{ top: 28, right: 32, bottom: 24, left: 8 }}>
          <CartesianGrid stroke="#f4f4f5" />
          <XAxis
            type="number"
            dataKey="cost"
            domain={[0, "auto"]}
            padding={{ left: 24, right: 48 }}
            tickFormatter={(value: number) => formatCost(value)}
            fontSize={11}
            stroke="#a1a1aa"
          >
            <Label value="Cost per item →" position="bottom" offset={4} fontSize={11} fill="#71717a" />
          </XAxis>
          <YAxis type="number" dataKey="accuracy" domain={[0, 100]} unit="%" fontSize={11} stroke="#a1a1aa">
            <Label value="Accuracy" angle={-90} position="insideLeft" fontSize={11} fill="#71717a" />
          </YAxis>
          <Tooltip
            cursor={{ strokeDasharray: "3 3" }}
            content={({ payload }) => {
              const point = payload?.[0]?.payload as { cost: number; accuracy: number; label?: string; threshold?: number } | undefined;
              if (!point) return null;
              return (
                <div className="rounded-md border border-zinc-200 bg-white px-3 py-2 text-xs shadow">
                  <div className="font-medium">{point.label ?? `Threshold ${point.threshold?.toFixed(2)}`}</div>
                  <div>Accuracy {point.accuracy}%</div>
                  <div>{formatCost(point.cost)} per item</div>
                </div>
              );
            }}
          />
          <ReferenceLine y={pct(targetAccuracy)} stroke="#059669" strokeDasharray="5 4">
            <Label value={`target ${pct(targetAccuracy)}%`} position="insideBottomRight" fontSize={11} fill="#059669" />
          </ReferenceLine>
          <Line
            data={line}
            dataKey="accuracy"
            type="linear"
            stroke="#6366f1"
            strokeWidth={2}
            dot={false}
            isAnimationActive={false}
            legendType="none"
          />
          <Scatter
            data={models}
            isAnimationActive={false}
            shape={(props: { cx?: number; cy?: number; payload?: { label: string } }) => (
              <g>
                <circle cx={props.cx} cy={props.cy} r={7} fill="#f59e0b" />
                <text x={props.cx} y={(props.cy ?? 0) - 12} textAnchor="middle" fontSize={11} fill="#3f3f46">
                  {props.payload?.label}
                </text>
              </g>
            )}
          />
          <Scatter
            data={mark(selected, "selected")}
            isAnimationActive={false}
            shape={(props: { cx?: number; cy?: number }) => <circle cx={props.cx} cy={props.cy} r={5} fill="#6366f1" />}
          />
          <Scatter
            data={mark(chosen, "chosen")}
            isAnimationActive={false}
            shape={(props: { cx?: number; cy?: number }) => (
              <g>
                <circle cx={props.cx} cy={props.cy} r={9} fill="none" stroke="#059669" strokeWidth={2.5} />
                <text x={props.cx} y={(props.cy ?? 0) + 22} textAnchor="middle" fontSize={11} fill="#059669">
                  chosen
                </text>
              </g>
            )}
          />
        </ComposedChart>
      </ResponsiveContainer>
    </div>
  );
}
