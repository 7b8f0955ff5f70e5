import { listModelPrices, monthRange } from "@switchyard/db";
import { Download } from "lucide-react";
import type { ProviderKind } from "@switchyard/providers";
import { buttonVariants } from "@/components/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { BudgetsPanel } from "@/components/usage/budgets-panel";
import { formatCount, formatMs, formatPercent, formatUsd } from "@/components/usage/format";
import { PricesPanel } from "@/components/usage/prices-panel";
import { CostChart, LatencyChart, TokensChart, type DayPoint } from "@/components/usage/usage-charts";
import { UsageFilters } from "@/components/usage/usage-filters";
import { RouterUsageList } from "@/components/usage/router-usage";
import { BreakdownTable, ModelShareTable } from "@/components/usage/usage-tables";
import { pricesHref } from "@/lib/format";
import { db } from "@/server/services";
import { pageMembership } from "@/server/session";
import { loadBudgetOverview, loadRouterUsage, loadUsageDashboard, parseUsageFilters, workspaceCatalog } from "@/server/usage";
import { PageHeader } from "@/components/ui/page-header";

export const metadata = { title: "Usage" };

/** Every day of the range, with zeros where nothing ran, so the charts keep a true time axis. */
function everyDay(from: string, to: string, days: DayPoint[]): DayPoint[] {
  const byDay = new Map(days.map((point) => [point.day, point]));
  const points: DayPoint[] = [];
  for (let at = Date.parse(`${from}T00:00:00Z`); at <= Date.parse(`${to}T00:00:00Z`); at += 86_400_000) {
    const day = new Date(at).toISOString().slice(0, 10);
    points.push(
      byDay.get(day) ?? { day, requests: 0, errors: 0, costUsd: 0, tokensIn: 0, tokensOut: 0, latencyP50Ms: null, latencyP95Ms: null },
    );
  }
  return points;
}

export default async function UsagePage({
  params,
  searchParams,
}: {
  params: Promise<{ workspaceId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { workspaceId } = await params;
  const { membership } = await pageMembership(workspaceId);
  let filters;
  let filterError: string | null = null;
  try {
    filters = parseUsageFilters(await searchParams);
  } catch (error) {
    filterError = (error as Error).message;
    filters = parseUsageFilters({});
  }
  const [usage, budgets, prices, catalog, routers] = await Promise.all([
    loadUsageDashboard(workspaceId, filters),
    loadBudgetOverview(workspaceId),
    listModelPrices(db(), workspaceId),
    workspaceCatalog(workspaceId),
    loadRouterUsage(workspaceId, filters),
  ]);
  const totals = usage.totals;
  const days = everyDay(filters.from, filters.to, usage.byDay);
  const canEdit = membership.role !== "VIEWER";

  // the models in use and those with a workspace price; any other can be priced from the form
  const priced = new Map<string, { provider: string; model: string }>();
  for (const item of [...usage.dimensions.models, ...prices])
    priced.set(`${item.provider}/${item.model}`, { provider: item.provider, model: item.model });
  const ownPrices = new Map(prices.map((price) => [`${price.provider}/${price.model}`, price]));
  const priceRows = [...priced.values()]
    .map(({ provider, model }) => {
      const list = catalog.find(provider as ProviderKind, model);
      const own = ownPrices.get(`${provider}/${model}`);
      return {
        provider,
        model,
        listInput: list?.inputPerMillion ?? null,
        listOutput: list?.outputPerMillion ?? null,
        own: own ? { inputPerMillion: own.inputPerMillion, outputPerMillion: own.outputPerMillion } : null,
      };
    })
    .sort((a, b) => a.provider.localeCompare(b.provider) || a.model.localeCompare(b.model));

  // a model without a price shows its cost as unknown, never as a confident $0
  const unpriced = new Set(
    usage.byModel.filter((row) => !catalog.price(row.provider as ProviderKind, row.model)).map((row) => `${row.provider}/${row.model}`),
  );

  const kpis = [
    { label: "Requests", value: formatCount(totals?.requests ?? 0), detail: "model calls" },
    {
      label: "Cost",
      value: formatUsd(totals?.costUsd ?? 0),
      detail: unpriced.size ? `without ${unpriced.size} model${unpriced.size > 1 ? "s" : ""} of unknown price` : "at the prices charged",
    },
    {
      label: "Tokens in / out",
      value: `${formatCount(totals?.tokensIn ?? 0)} / ${formatCount(totals?.tokensOut ?? 0)}`,
      detail: "prompt / completion",
    },
    {
      label: "Latency p50 / p95",
      value: `${formatMs(totals?.latencyP50Ms ?? null)} / ${formatMs(totals?.latencyP95Ms ?? null)}`,
      detail: "per model call",
    },
    { label: "Error rate", value: formatPercent(totals?.errorRate ?? 0), detail: `${formatCount(totals?.errors ?? 0)} failed calls` },
  ];

  return (
    <div className="mx-auto flex max-w-6xl flex-col gap-6 px-8 py-8">
      <PageHeader
        title="Usage"
        description="Where the tokens and the money go: every model call of every run in this workspace."
        actions={
          <a
            className={buttonVariants({ variant: "outline" })}
            href={`/api/workspaces/${workspaceId}/usage/export?${new URLSearchParams(Object.entries(filters).filter((entry): entry is [string, string] => Boolean(entry[1])))}`}
            download
          >
            <Download className="h-4 w-4" /> Export CSV
          </a>
        }
      />
      <UsageFilters
        filters={filters}
        bots={usage.dimensions.bots}
        deployments={usage.dimensions.deployments}
        models={usage.dimensions.models}
      />
      {filterError && (
        <p role="alert" className="text-sm text-red-600">
          {filterError}. Showing the last 30 days instead.
        </p>
      )}
      <div className="grid grid-cols-2 gap-4 lg:grid-cols-5">
        {kpis.map((kpi) => (
          <Card key={kpi.label} className="px-4 py-3">
            <div className="text-xs font-medium text-zinc-500">{kpi.label}</div>
            <div className="mt-1 text-xl font-semibold tabular-nums tracking-tight text-zinc-900">{kpi.value}</div>
            <div className="text-xs text-zinc-400">{kpi.detail}</div>
          </Card>
        ))}
      </div>
      {!totals ? (
        <Card className="px-6 py-12 text-center text-sm text-zinc-500">No model calls in this range. Run a bot, or widen the filters.</Card>
      ) : (
        <>
          <div className="grid gap-4 lg:grid-cols-2">
            <Card>
              <CardHeader>
                <CardTitle>Cost and requests per day</CardTitle>
              </CardHeader>
              <CardContent>
                <CostChart days={days} />
              </CardContent>
            </Card>
            <Card>
              <CardHeader>
                <CardTitle>Latency per day</CardTitle>
              </CardHeader>
              <CardContent>
                <LatencyChart days={days} />
              </CardContent>
            </Card>
          </div>
          <Card>
            <CardHeader>
              <CardTitle>Traffic by model</CardTitle>
            </CardHeader>
            <CardContent>
              <ModelShareTable
                models={usage.byModel}
                comparison={usage.comparison}
                unpriced={unpriced}
                pricesHref={pricesHref(workspaceId)}
                priceEditor={canEdit ? { workspaceId } : undefined}
              />
            </CardContent>
          </Card>
          {routers.length > 0 && (
            <Card>
              <CardHeader>
                <CardTitle>Routers: traffic per route</CardTitle>
              </CardHeader>
              <CardContent>
                <RouterUsageList routers={routers} />
              </CardContent>
            </Card>
          )}
          <Card>
            <CardHeader>
              <CardTitle>Tokens per day</CardTitle>
            </CardHeader>
            <CardContent>
              <TokensChart days={days} />
            </CardContent>
          </Card>
          <div className="flex flex-col gap-4">
            <Card>
              <CardHeader>
                <CardTitle>By bot</CardTitle>
              </CardHeader>
              <CardContent>
                <BreakdownTable
                  label="Bot"
                  rows={usage.byBot.map((row) => ({ ...row, id: row.botId }))}
                  pricesHref={pricesHref(workspaceId)}
                />
              </CardContent>
            </Card>
            <Card>
              <CardHeader>
                <CardTitle>By deployment</CardTitle>
              </CardHeader>
              <CardContent>
                <BreakdownTable
                  label="Deployment"
                  rows={usage.byDeployment.map((row) => ({ ...row, id: row.deploymentId ?? "none" }))}
                  pricesHref={pricesHref(workspaceId)}
                />
              </CardContent>
            </Card>
          </div>
        </>
      )}
      <BudgetsPanel
        workspaceId={workspaceId}
        canEdit={membership.role === "OWNER"}
        month={monthRange(new Date()).label}
        lines={[
          { deploymentId: null, name: `${membership.workspace.name} (whole workspace)`, ...budgets.workspace },
          ...budgets.deployments.map((deployment) => ({
            deploymentId: deployment.id,
            name: `${deployment.slug} · ${deployment.botName}`,
            capUsd: deployment.capUsd,
            warnPercent: deployment.warnPercent,
            spentUsd: deployment.spentUsd,
          })),
        ]}
      />
      <PricesPanel workspaceId={workspaceId} canEdit={canEdit} rows={priceRows} suggestions={catalog.list().map((entry) => entry.model)} />
    </div>
  );
}
