// The usage dashboard's data, shared by the page, its JSON API and the CSV export: package queries
// wired together with the workspace's prices and budgets.
import {
  getBudgets,
  listModelPrices,
  queryUsage,
  readBudgetState,
  routerTraffic,
  usageDimensions,
  type UsageFilters,
} from "@switchyard/db";
import { AppError } from "@switchyard/errors";
import { compareWithMostExpensive, ModelCatalog, type ProviderKind } from "@switchyard/providers";
import { toCsv } from "./csv";
import { db } from "./services";
import { usageQuerySchema } from "./usage-query";

/** Filters from the page's search params; the date range defaults to the last 30 days. */
export function parseUsageFilters(search: Record<string, string | string[] | undefined>): UsageFilters {
  const parsed = usageQuerySchema.safeParse(search);
  if (!parsed.success) throw new AppError("BAD_REQUEST", parsed.error.issues.map((issue) => issue.message).join("; "));
  return parsed.data;
}

export async function workspaceCatalog(workspaceId: string) {
  return new ModelCatalog().withPrices(await listModelPrices(db(), workspaceId));
}

export async function loadUsageDashboard(workspaceId: string, filters: UsageFilters) {
  const [totals, byDay, byModel, byBot, byDeployment, botModels, deploymentModels, dimensions, catalog] = await Promise.all([
    queryUsage(db(), workspaceId, filters),
    queryUsage(db(), workspaceId, filters, ["day"]),
    queryUsage(db(), workspaceId, filters, ["model"]),
    queryUsage(db(), workspaceId, filters, ["bot"]),
    queryUsage(db(), workspaceId, filters, ["deployment"]),
    queryUsage(db(), workspaceId, filters, ["bot", "model"]),
    queryUsage(db(), workspaceId, filters, ["deployment", "model"]),
    usageDimensions(db(), workspaceId),
    workspaceCatalog(workspaceId),
  ]);
  // a bot's or deployment's cost leaves out the calls to models without a price: say which ones
  const unpricedModels = (rows: typeof botModels) => {
    const byKey = new Map<string, string[]>();
    for (const {
      key: [id = "", provider = "", model = ""],
    } of rows)
      if (!catalog.price(provider as ProviderKind, model)) byKey.set(id, [...(byKey.get(id) ?? []), model]);
    return byKey;
  };
  const unpricedByBot = unpricedModels(botModels);
  const unpricedByDeployment = unpricedModels(deploymentModels);
  const requests = totals[0]?.requests ?? 0;
  const models = byModel.map(({ key: [provider, model], ...figures }) => ({
    provider: provider!,
    model: model!,
    share: requests ? figures.requests / requests : 0,
    ...figures,
  }));
  const botNames = new Map(dimensions.bots.map((bot) => [bot.id, bot.name]));
  const deploymentNames = new Map(dimensions.deployments.map((deployment) => [deployment.id, deployment.slug]));
  return {
    filters,
    totals: totals[0] ?? null,
    byDay: byDay.map(({ key: [day], ...figures }) => ({ day: day!, ...figures })),
    byModel: models,
    byBot: byBot.map(({ key: [botId], ...figures }) => ({
      botId: botId!,
      name: botNames.get(botId!) ?? "Deleted bot",
      ...figures,
      unpricedModels: unpricedByBot.get(botId!) ?? [],
    })),
    byDeployment: byDeployment.map(({ key: [deploymentId], ...figures }) => ({
      deploymentId: deploymentId || null,
      name: deploymentId ? (deploymentNames.get(deploymentId) ?? "Deleted deployment") : "Editor and API (no deployment)",
      ...figures,
      unpricedModels: unpricedByDeployment.get(deploymentId ?? "") ?? [],
    })),
    comparison: compareWithMostExpensive(models, catalog),
    dimensions,
  };
}

export type UsageDashboard = Awaited<ReturnType<typeof loadUsageDashboard>>;

/** This month's spend against each budget, from PostgreSQL. */
export async function loadBudgetOverview(workspaceId: string) {
  const budgets = await getBudgets(db(), workspaceId);
  const [workspace, ...deployments] = await Promise.all([
    readBudgetState(db(), { workspaceId, deploymentId: null }),
    ...budgets.deployments.map((deployment) => readBudgetState(db(), { workspaceId, deploymentId: deployment.id })),
  ]);
  return {
    workspace: workspace!,
    deployments: budgets.deployments.map((deployment, index) => ({ ...deployment, ...deployments[index]! })),
  };
}

export async function usageCsv(workspaceId: string, filters: UsageFilters): Promise<string> {
  const [rows, dimensions] = await Promise.all([
    queryUsage(db(), workspaceId, filters, ["day", "bot", "deployment", "model"]),
    usageDimensions(db(), workspaceId),
  ]);
  const botNames = new Map(dimensions.bots.map((bot) => [bot.id, bot.name]));
  const deploymentNames = new Map(dimensions.deployments.map((deployment) => [deployment.id, deployment.slug]));
  return toCsv(
    [
      "day",
      "bot",
      "bot_id",
      "deployment",
      "provider",
      "model",
      "requests",
      "errors",
      "tokens_in",
      "tokens_out",
      "cost_usd",
      "latency_p50_ms",
      "latency_p95_ms",
    ],
    rows.map(({ key: [day, botId, deploymentId, provider, model], ...figures }) => [
      day!,
      botNames.get(botId!) ?? "Deleted bot",
      botId!,
      deploymentId ? (deploymentNames.get(deploymentId) ?? deploymentId) : "",
      provider!,
      model!,
      figures.requests,
      figures.errors,
      figures.tokensIn,
      figures.tokensOut,
      figures.costUsd,
      figures.latencyP50Ms,
      figures.latencyP95Ms,
    ]),
  );
}

/**
 * Per Router node: the share of traffic each route took per day, and what the same traffic would have
 * cost had every request gone to the most expensive of its routes.
 */
export async function loadRouterUsage(workspaceId: string, filters: UsageFilters) {
  const [rows, dimensions, catalog] = await Promise.all([
    routerTraffic(db(), workspaceId, filters),
    usageDimensions(db(), workspaceId),
    workspaceCatalog(workspaceId),
  ]);
  const botNames = new Map(dimensions.bots.map((bot) => [bot.id, bot.name]));
  const routers = new Map<string, typeof rows>();
  for (const row of rows) routers.set(`${row.botId}/${row.nodeId}`, [...(routers.get(`${row.botId}/${row.nodeId}`) ?? []), row]);
  return [...routers.values()].map((mine) => {
    const requests = mine.reduce((sum, row) => sum + row.requests, 0);
    const routes = [...new Set(mine.map((row) => row.route))].map((route) => {
      const of = mine.filter((row) => row.route === route);
      const sum = (field: "requests" | "tokensIn" | "tokensOut" | "costUsd") => of.reduce((total, row) => total + row[field], 0);
      return {
        route,
        provider: of[0]!.provider,
        model: of[0]!.model,
        requests: sum("requests"),
        share: sum("requests") / requests,
        tokensIn: sum("tokensIn"),
        tokensOut: sum("tokensOut"),
        costUsd: sum("costUsd"),
      };
    });
    const days = [...new Set(mine.map((row) => row.day))].map((day) => ({
      day,
      ...Object.fromEntries(
        routes.map(({ route }) => [
          route,
          mine.filter((row) => row.day === day && row.route === route).reduce((sum, row) => sum + row.requests, 0),
        ]),
      ),
    }));
    return {
      botId: mine[0]!.botId,
      nodeId: mine[0]!.nodeId,
      name: `${botNames.get(mine[0]!.botId) ?? "Deleted bot"} · ${mine[0]!.nodeId}`,
      requests,
      routes,
      days,
      comparison: compareWithMostExpensive(routes, catalog),
    };
  });
}

export type RouterUsage = Awaited<ReturnType<typeof loadRouterUsage>>;
