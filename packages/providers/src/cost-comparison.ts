// "What would this traffic have cost on model X": the measure behind routing between cheap and
// frontier models. Every model in use is tried against all the traffic, at the workspace's prices.
import type { ModelCatalog, ProviderKind } from "./catalog";

export interface ModelTraffic {
  provider: string;
  model: string;
  tokensIn: number;
  tokensOut: number;
  costUsd: number;
}

export interface CostComparison {
  actualCostUsd: number;
  /** the priced model in use that would have cost the most for all the traffic; null if none is priced */
  mostExpensive: { provider: string; model: string; costUsd: number } | null;
}

export function compareWithMostExpensive(traffic: readonly ModelTraffic[], catalog: ModelCatalog): CostComparison {
  const tokensIn = traffic.reduce((sum, item) => sum + item.tokensIn, 0);
  const tokensOut = traffic.reduce((sum, item) => sum + item.tokensOut, 0);
  let mostExpensive: CostComparison["mostExpensive"] = null;
  for (const { provider, model } of traffic) {
    if (!catalog.price(provider as ProviderKind, model)) continue;
    const costUsd = catalog.cost(provider as ProviderKind, model, tokensIn, tokensOut);
    if (!mostExpensive || costUsd > mostExpensive.costUsd) mostExpensive = { provider, model, costUsd };
  }
  return { actualCostUsd: traffic.reduce((sum, item) => sum + item.costUsd, 0), mostExpensive };
}
