"use client";
// Charts over time (recharts renders SVG in the browser; nothing is fetched from outside).
import { Bar, CartesianGrid, ComposedChart, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { costAxis } from "./cost-axis";
import { formatCount, formatMs, formatUsd } from "./format";

export interface DayPoint {
  day: string;
  requests: number;
  errors: number;
  costUsd: number;
  tokensIn: number;
  tokensOut: number;
  latencyP50Ms: number | null;
  latencyP95Ms: number | null;
}

const shortDay = (day: string) =>
  new Date(`${day}T00:00:00Z`).toLocaleDateString("en-US", { month: "short", day: "numeric", timeZone: "UTC" });
const axis = { fontSize: 11, fill: "#71717a" };

export function CostChart({ days }: { days: DayPoint[] }) {
  const cost = costAxis(days.map((day) => day.costUsd));
  return (
    <ResponsiveContainer width="100%" height={260}>
      <ComposedChart data={days} margin={{ top: 8, right: 8, bottom: 0, left: 8 }}>
        <CartesianGrid stroke="#f4f4f5" vertical={false} />
        <XAxis dataKey="day" tickFormatter={shortDay} tick={axis} tickLine={false} axisLine={false} minTickGap={24} />
        <YAxis
          yAxisId="cost"
          domain={cost.domain}
          ticks={cost.ticks}
          interval={0}
          tickFormatter={cost.format}
          tick={axis}
          tickLine={false}
          axisLine={false}
          width={64}
        />
        <YAxis
          yAxisId="requests"
          orientation="right"
          allowDecimals={false}
          tickFormatter={formatCount}
          tick={axis}
          tickLine={false}
          axisLine={false}
          width={48}
        />
        <Tooltip
          labelFormatter={(day) => shortDay(String(day))}
          formatter={(value, name) => (name === "Cost" ? formatUsd(Number(value)) : formatCount(Number(value)))}
        />
        <Legend iconType="circle" wrapperStyle={{ fontSize: 12 }} />
        <Bar yAxisId="cost" dataKey="costUsd" name="Cost" fill="#6366f1" radius={[3, 3, 0, 0]} maxBarSize={18} isAnimationActive={false} />
        <Line
          yAxisId="requests"
          dataKey="requests"
          name="Requests"
          stroke="#0ea5e9"
          strokeWidth={2}
          dot={false}
          isAnimationActive={false}
        />
        <Line yAxisId="requests" dataKey="errors" name="Errors" stroke="#ef4444" strokeWidth={1.5} dot={false} isAnimationActive={false} />
      </ComposedChart>
    </ResponsiveContainer>
  );
}

export function LatencyChart({ days }: { days: DayPoint[] }) {
  return (
    <ResponsiveContainer width="100%" height={260}>
      <LineChart data={days} margin={{ top: 8, right: 8, bottom: 0, left: 8 }}>
        <CartesianGrid stroke="#f4f4f5" vertical={false} />
        <XAxis dataKey="day" tickFormatter={shortDay} tick={axis} tickLine={false} axisLine={false} minTickGap={24} />
        <YAxis tickFormatter={(value: number) => formatMs(value)} tick={axis} tickLine={false} axisLine={false} width={64} />
        <Tooltip labelFormatter={(day) => shortDay(String(day))} formatter={(value) => formatMs(Number(value))} />
        <Legend iconType="circle" wrapperStyle={{ fontSize: 12 }} />
        {/* dots, so a day standing alone between days without calls still shows */}
        <Line dataKey="latencyP50Ms" name="p50" stroke="#6366f1" strokeWidth={2} dot={{ r: 2 }} isAnimationActive={false} />
        <Line dataKey="latencyP95Ms" name="p95" stroke="#f59e0b" strokeWidth={2} dot={{ r: 2 }} isAnimationActive={false} />
      </LineChart>
    </ResponsiveContainer>
  );
}

export function TokensChart({ days }: { days: DayPoint[] }) {
  return (
    <ResponsiveContainer width="100%" height={260}>
      <ComposedChart data={days} margin={{ top: 8, right: 8, bottom: 0, left: 8 }}>
        <CartesianGrid stroke="#f4f4f5" vertical={false} />
        <XAxis dataKey="day" tickFormatter={shortDay} tick={axis} tickLine={false} axisLine={false} minTickGap={24} />
        <YAxis allowDecimals={false} tickFormatter={formatCount} tick={axis} tickLine={false} axisLine={false} width={56} />
        <Tooltip labelFormatter={(day) => shortDay(String(day))} formatter={(value) => formatCount(Number(value))} />
        <Legend iconType="circle" wrapperStyle={{ fontSize: 12 }} />
        <Bar dataKey="tokensIn" name="Tokens in" stackId="tokens" fill="#a5b4fc" maxBarSize={18} isAnimationActive={false} />
        <Bar
          dataKey="tokensOut"
          name="Tokens out"
          stackId="tokens"
          fill="#4f46e5"
          radius={[3, 3, 0, 0]}
          maxBarSize={18}
          isAnimationActive={false}
        />
      </ComposedChart>
    </ResponsiveContainer>
  );
}
