export { ModelCatalog, builtInCatalog, catalogEntrySchema, type CatalogEntry, type ModelPrice, type ProviderKind } from "./catalog";
export { compareWithMostExpensive, type CostComparison, type ModelTraffic } from "./cost-comparison";
export { createLanguageModel, createEmbeddingModel, type ProviderCredential } from "./language-model";
export { embed, type EmbedRequest, type Embedded } from "./embed";
export { createModelGateway, ModelCallError, type GatewayOptions } from "./gateway";
export { listProviderModels, ConnectionTestError } from "./list-models";
export { isRetryable, retryAfterMs, backoffDelay, defaultRetryPolicy, type RetryPolicy } from "./retry";
export { warmUpProviders } from "./warm-up";
export { responseCacheKey, withResponseCache, type CacheTally, type CachedResponse, type ResponseStore } from "./response-cache";
export {
  createInProcessPoolLoad,
  cooldownFor,
  isMemberFault,
  pickMember,
  DEFAULT_COOLDOWN_MS,
  type PoolLoad,
  type PoolMember,
  type PoolSlot,
  type ResolvedPool,
  type MemberState,
} from "./pool";
