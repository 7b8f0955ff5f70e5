"use client";
// Per Router node: how its traffic split between routes each day, and its cost against sending every
// request to the most expensive of its routes.
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { RouterUsage } from "@/server/usage";
import { formatCount, formatPercent, formatUsd } from "./format";

const palette = ["#10b981", "#6366f1", "#f59e0b", "#ef4444", "#0ea5e9"];
const axis = { fontSize: 11, fill: "#71717a" };

export function RouterUsageList({ routers }: { routers: RouterUsage }) {
  return (
    <div className="flex flex-col gap-6" data-testid="router-usage">
      {routers.map((router) => {
        const dearest = router.comparison.mostExpensive;
        const saved = dearest && dearest.costUsd > 0 ? 1 - router.comparison.actualCostUsd / dearest.costUsd : null;
        return (
          <section key={`${router.botId}/${router.nodeId}`} className="flex flex-col gap-2" aria-label={`Router ${router.name}`}>
            <div className="flex flex-wrap items-baseline justify-between gap-2">
              <h3 className="text-sm font-medium">{router.name}</h3>
              <p className="text-xs text-zinc-600">
                {formatCount(router.requests)} requests:{" "}
                {router.routes.map((route) => `${route.route} ${formatPercent(route.share)}`).join(" · ")}.{" "}
                {dearest &&
                  `Cost ${formatUsd(router.comparison.actualCostUsd)} vs ${formatUsd(dearest.costUsd)} had all gone to ${dearest.model}${saved !== null ? ` (${formatPercent(saved)} saved)` : ""}.`}
              </p>
            </div>
            <ResponsiveContainer width="100%" height={180}>
              <BarChart data={router.days} margin={{ top: 4, right: 8, bottom: 0, left: 8 }}>
                <CartesianGrid stroke="#f4f4f5" vertical={false} />
                <XAxis dataKey="day" tick={axis} tickLine={false} axisLine={false} minTickGap={24} />
                <YAxis allowDecimals={false} tick={axis} tickLine={false} axisLine={false} width={40} />
                <Tooltip />
                <Legend iconType="circle" wrapperStyle={{ fontSize: 12 }} />
                {router.routes.map((route, index) => (
                  <Bar
                    key={route.route}
                    dataKey={route.route}
                    stackId="routes"
                    fill={palette[index % palette.length]}
                    maxBarSize={18}
                    isAnimationActive={false}
                  />
                ))}
              </BarChart>
            </ResponsiveContainer>
          </section>
        );
      })}
    </div>
  );
}
