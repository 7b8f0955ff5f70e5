// What an eval run will cost before it starts: model calls, dollars and minutes, minus the answers
// the response cache is expected to give. Tokens come from a local heuristic (about 4 characters per
// token for English text and code; no tokenizer is downloaded), prices from the workspace's catalog,
// durations from the latencies its models showed recently. It is an estimate: agents that loop and
// routers that skip branches make more or fewer calls than one per model node.

const CHARS_PER_TOKEN = 4;
/** Reply length assumed for an item without an expected answer (and no lower max tokens). */
export const DEFAULT_REPLY_TOKENS = 256;
/** A judge's verdict ({"score", "reason"}) is short. */
const JUDGE_REPLY_TOKENS = 60;
/** Per-call latency assumed for a model with no recent history. */
export const UNKNOWN_LATENCY_MS = 1_500;
/** A pair answered entirely from the cache still runs the flow and writes its trace. */
const CACHED_PAIR_MS = 15;

const tokensOfChars = (chars: number) => Math.ceil(chars / CHARS_PER_TOKEN);
export const estimateTokens = (text: string) => tokensOfChars(text.length);

/** One model-calling node of a variant's flow, with the fixed text it sends besides the item. */
export interface ModelCallSite {
  credentialId: string;
  model: string;
  promptChars: number;
  maxTokens?: number;
}

export interface EstimateInput {
  items: { input: string; expected: string | null }[];
  /** Runs of each item × variant (default 1): each repeat makes its own calls. */
  repeats?: number;
  /** `cachedItems`: the item × repeat cells whose answers the response cache already holds. */
  variants: { key: string; label: string; calls: ModelCallSite[]; cachedItems: number }[];
  /** LLM judges, one call per pair each. */
  judges: { credentialId: string; model: string; rubricChars: number }[];
  concurrency: number;
  /** Null: the model has no price (shown as "price unknown", never as $0). */
  price: (credentialId: string, model: string, tokensIn: number, tokensOut: number) => number | null;
  /** Median latency of one call, null when the model has no recent history. */
  latencyMs: (credentialId: string, model: string) => number | null;
}

export interface VariantEstimate {
  key: string;
  label: string;
  calls: number;
  cachedCalls: number;
  costUsd: number;
}

export interface EvalEstimate {
  pairs: number;
  calls: number;
  /** Calls expected to be answered from the response cache (charged nothing). */
  cachedCalls: number;
  costUsd: number;
  /** Models whose calls could not be priced: costUsd leaves them out. */
  unpriced: string[];
  durationMs: number;
  /** Models with no recent latency: their calls were timed at UNKNOWN_LATENCY_MS. */
  untimed: string[];
  variants: VariantEstimate[];
}

export function estimateEvalRun(input: EstimateInput): EvalEstimate {
  const { items, concurrency } = input;
  const repeats = input.repeats ?? 1;
  const cells = items.length * repeats;
  const unpriced = new Set<string>();
  const untimed = new Set<string>();
  // every repeat sends the item again: token sums are over the items × repeats
  const inputTokens = items.reduce((sum, item) => sum + estimateTokens(item.input), 0) * repeats;
  const replyTokens = (maxTokens?: number) =>
    items.reduce((sum, item) => {
      const expected = item.expected === null ? DEFAULT_REPLY_TOKENS : estimateTokens(item.expected);
      return sum + Math.min(expected, maxTokens ?? Number.POSITIVE_INFINITY);
    }, 0) * repeats;
  const priced = (credentialId: string, model: string, tokensIn: number, tokensOut: number) => {
    const cost = input.price(credentialId, model, tokensIn, tokensOut);
    if (cost === null) unpriced.add(model);
    return cost ?? 0;
  };
  const timed = (credentialId: string, model: string) => {
    const latency = input.latencyMs(credentialId, model);
    if (latency === null) untimed.add(model);
    return latency ?? UNKNOWN_LATENCY_MS;
  };
  // provider time per credential: its calls share its concurrency limit, other credentials run alongside
  const busyMs = new Map<string, number>();
  const addBusy = (credentialId: string, ms: number) => busyMs.set(credentialId, (busyMs.get(credentialId) ?? 0) + ms);

  const variants = input.variants.map((variant): VariantEstimate => {
    const uncachedShare = cells ? (cells - Math.min(variant.cachedItems, cells)) / cells : 0;
    let costUsd = 0;
    for (const site of variant.calls) {
      const tokensIn = inputTokens + tokensOfChars(site.promptChars) * cells;
      const tokensOut = replyTokens(site.maxTokens);
      costUsd += priced(site.credentialId, site.model, tokensIn, tokensOut) * uncachedShare;
      addBusy(site.credentialId, timed(site.credentialId, site.model) * cells * uncachedShare);
    }
    for (const judge of input.judges) {
      // the judge reads the question, the reply, the expected answer and its rubric
      const tokensIn = inputTokens + replyTokens() * 2 + tokensOfChars(judge.rubricChars) * cells;
      costUsd += priced(judge.credentialId, judge.model, tokensIn, JUDGE_REPLY_TOKENS * cells) * uncachedShare;
      addBusy(judge.credentialId, timed(judge.credentialId, judge.model) * cells * uncachedShare);
    }
    const calls = (variant.calls.length + input.judges.length) * cells;
    const cachedCalls = Math.round(calls * (1 - uncachedShare));
    return { key: variant.key, label: variant.label, calls, cachedCalls, costUsd };
  });

  const cachedPairs = input.variants.reduce((sum, variant) => sum + Math.min(variant.cachedItems, cells), 0);
  const providerMs = Math.max(0, ...[...busyMs.values()].map((ms) => ms / concurrency));
  return {
    pairs: cells * input.variants.length,
    calls: variants.reduce((sum, variant) => sum + variant.calls, 0),
    cachedCalls: variants.reduce((sum, variant) => sum + variant.cachedCalls, 0),
    costUsd: variants.reduce((sum, variant) => sum + variant.costUsd, 0),
    unpriced: [...unpriced].sort(),
    durationMs: Math.round(providerMs + (cachedPairs * CACHED_PAIR_MS) / concurrency),
    untimed: [...untimed].sort(),
    variants,
  };
}
