// The estimate shown before an eval run starts (see @switchyard/evals estimate.ts for the rules): this
// file gathers what it needs from the workspace (prices, recent latencies, what earlier eval runs left
// in the response cache) for the flow and variants about to run. Imported by the web app by subpath.
import { listModelPrices, recentCachedEvalRuns, recentModelLatencies, RESPONSE_CACHE_TTL_DAYS, type Db } from "@switchyard/db";
import { canonicalJson, flowGraphSchema, type FlowGraph } from "@switchyard/engine";
import { applyOverrides, estimateEvalRun, type Evaluator, type ModelCallSite, type Variant } from "@switchyard/evals";
import { ModelCatalog, type ProviderKind } from "@switchyard/providers";

/** The knowledge-base judges read the retrieved passages, unknown before the run: about five 200-token chunks. */
const RETRIEVED_PASSAGES_CHARS = 4_000;

interface GraphLike {
  nodes: { id: string; type: string; config: Record<string, unknown> }[];
  edges: { source: string; sourceHandle?: string | null; target: string; targetHandle?: string | null }[];
}

/** What makes two flows answer alike: nodes and wiring, not where they sit on the canvas. */
const fingerprint = (graph: GraphLike) =>
  canonicalJson({
    nodes: graph.nodes.map(({ id, type, config }) => ({ id, type, config })),
    edges: graph.edges.map(({ source, sourceHandle, target, targetHandle }) => ({ source, sourceHandle, target, targetHandle })),
  });

type Priced = (credentialId: string, model: string) => number | null;

/**
 * One call per node that names a provider and model; the fixed text it sends is its system prompt plus
 * the flow's templates. A Router node makes one call per request on the route it picks, which is not
 * known before the run: it is counted on its costliest route (an upper bound), plus its classifier's call.
 */
function callSites(graph: GraphLike, priced: Priced): ModelCallSite[] {
  const templateChars = graph.nodes
    .filter((node) => node.type === "prompt-template")
    .reduce((sum, node) => sum + String(node.config.template ?? "").length, 0);
  const site = (target: Record<string, unknown>, config: Record<string, unknown>): ModelCallSite[] => {
    const { credentialId, model } = target;
    const { system, maxTokens } = config;
    if (typeof credentialId !== "string" || typeof model !== "string" || !credentialId || !model) return [];
    return [
      {
        credentialId,
        model,
        promptChars: templateChars + (typeof system === "string" ? system.length : 0),
        maxTokens: typeof maxTokens === "number" ? maxTokens : undefined,
      },
    ];
  };
  return graph.nodes.flatMap((node) => {
    if (node.type !== "router" || !Array.isArray(node.config.routes)) return site(node.config, node.config);
    const routes = (node.config.routes as Record<string, unknown>[]).flatMap((route) => site(route, node.config));
    const costliest = routes.reduce<ModelCallSite | undefined>(
      (a, b) => (a && (priced(a.credentialId, a.model) ?? 0) >= (priced(b.credentialId, b.model) ?? 0) ? a : b),
      undefined,
    );
    const classifier =
      node.config.mode === "classifier" && node.config.classifier ? site(node.config.classifier as Record<string, unknown>, {}) : [];
    return [...(costliest ? [costliest] : []), ...classifier];
  });
}

const cell = (repeat: number, input: string) => `${repeat}\u0000${input}`;

/** The item × repeat cells a flow's earlier answers cover. */
function cachedCells(seen: Set<string>, items: { input: string }[], repeats: number): number {
  let cells = 0;
  for (let repeat = 0; repeat < repeats; repeat++) for (const item of items) if (seen.has(cell(repeat, item.input))) cells++;
  return cells;
}

export interface EstimateRequest {
  graph: FlowGraph;
  /** Earlier runs on this dataset are where cached answers for its items can come from. */
  datasetId: string;
  variants: Variant[];
  items: { input: string; expected: string | null }[];
  evaluators: Evaluator[];
  concurrency: number;
  useCache: boolean;
  /** Runs of each item × variant (default 1); the cache answers a repeat only from the same repeat before. */
  repeats?: number;
}

export async function estimateEval(db: Db, workspaceId: string, request: EstimateRequest) {
  const [credentials, prices, latencies, earlier] = await Promise.all([
    db.providerCredential.findMany({ where: { workspaceId }, select: { id: true, kind: true } }),
    listModelPrices(db, workspaceId),
    recentModelLatencies(db, workspaceId),
    request.useCache ? recentCachedEvalRuns(db, workspaceId, request.datasetId, RESPONSE_CACHE_TTL_DAYS) : Promise.resolve([]),
  ]);
  const catalog = new ModelCatalog().withPrices(prices);
  const kinds = new Map(credentials.map((credential) => [credential.id, credential.kind as ProviderKind]));
  const latency = new Map(latencies.map((row) => [`${row.provider}\u0000${row.model}`, row.p50Ms]));

  // (repeat, input) cells each flow has already answered into the cache: its answers are kept per repeat
  const answered = new Map<string, Set<string>>();
  for (const run of earlier) {
    // parsed as the request's flow is, so defaults filled in by the schema compare equal
    const parsed = flowGraphSchema.safeParse(run.graph);
    if (!parsed.success) continue;
    const graph = parsed.data;
    for (const variant of run.variants) {
      let key: string;
      try {
        key = fingerprint(applyOverrides(graph, variant.overrides));
      } catch {
        continue; // an old variant that no longer fits its flow
      }
      const inputs = answered.get(key) ?? new Set<string>();
      for (const row of run.answered) if (row.variantKey === variant.key) inputs.add(cell(row.repeat, row.input));
      answered.set(key, inputs);
    }
  }

  const price = (credentialId: string, model: string, tokensIn: number, tokensOut: number) => {
    const kind = kinds.get(credentialId);
    return kind && catalog.price(kind, model) ? catalog.cost(kind, model, tokensIn, tokensOut) : null;
  };
  const repeats = request.repeats ?? 1;
  return estimateEvalRun({
    items: request.items,
    repeats,
    concurrency: request.concurrency,
    variants: request.variants.map((variant) => {
      const graph = applyOverrides(request.graph, variant.overrides);
      const seen = answered.get(fingerprint(graph));
      return {
        key: variant.key,
        label: variant.label,
        calls: callSites(graph, (credentialId, model) => price(credentialId, model, 1_000_000, 1_000_000)),
        cachedItems: seen ? cachedCells(seen, request.items, repeats) : 0,
      };
    }),
    judges: request.evaluators.flatMap((evaluator) =>
      evaluator.kind === "llm_judge"
        ? [{ credentialId: evaluator.credentialId, model: evaluator.model, rubricChars: evaluator.rubric.length }]
        : evaluator.kind === "faithfulness" || evaluator.kind === "context_relevance"
          ? [{ credentialId: evaluator.credentialId, model: evaluator.model, rubricChars: RETRIEVED_PASSAGES_CHARS }]
          : [],
    ),
    price,
    latencyMs: (credentialId, model) => latency.get(`${kinds.get(credentialId)}\u0000${model}`) ?? null,
  });
}
