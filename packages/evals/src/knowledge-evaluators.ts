// Knowledge-base evaluators: faithfulness and context relevance (a judge model reads the passages the
// run's Retrieve steps returned) and retrieval hit rate and reciprocal rank (pure, from the ranked
// documents and the item's expected sources). An item they cannot measure is skipped, not failed.
import { parseJudgeReply } from "./judge-reply";
import { passagesForJudge, reciprocalRank, retrievalHit, type Retrieval } from "./retrieval-metrics";

export interface KnowledgeOutcome {
  input: string;
  output: string | null;
  /** The run's Retrieve steps and their passages; undefined or empty when no Retrieve step ran. */
  retrievals?: Retrieval[];
  /** The documents (names or ids) the item says the answer comes from; null or empty when it names none. */
  expectedSources?: string[] | null;
}

export interface MetricVerdict {
  score: number;
  passed: boolean;
  reason: string;
  costUsd: number;
  /** The metric does not apply to this item: left out of its score, pass and statistics. */
  skipped?: boolean;
}

export type KnowledgeJudge = (system: string, prompt: string) => Promise<{ text: string; costUsd: number }>;

const skip = (reason: string): MetricVerdict => ({ score: 0, passed: false, reason, costUsd: 0, skipped: true });
const NO_RETRIEVAL = "No Retrieve step ran for this item, so there are no passages to judge";

const FAITHFULNESS_SYSTEM =
  "You check whether an AI assistant's answer is supported by the passages it was given. Split the answer into its claims; " +
  "a claim is supported when the passages state it or directly imply it. " +
  'Reply with only a JSON object: {"score": <the share of claims supported, from 0 to 1>, "reason": "<one sentence naming any unsupported claim>"}.';

const CONTEXT_RELEVANCE_SYSTEM =
  "You check whether passages retrieved from a knowledge base are about a question. " +
  'Reply with only a JSON object: {"score": <the share of passages that help answer the question, from 0 to 1>, "reason": "<one sentence>"}.';

async function judged(judge: KnowledgeJudge, system: string, prompt: string, passThreshold: number): Promise<MetricVerdict> {
  const reply = await judge(system, prompt);
  const parsed = parseJudgeReply(reply.text);
  if (!parsed)
    return { score: 0, passed: false, reason: `The judge's reply had no score: ${reply.text.slice(0, 200)}`, costUsd: reply.costUsd };
  return { score: parsed.score, passed: parsed.score >= passThreshold, reason: parsed.reason, costUsd: reply.costUsd };
}

/** Is the reply supported by the retrieved passages? */
export async function scoreFaithfulness(item: KnowledgeOutcome, passThreshold: number, judge: KnowledgeJudge): Promise<MetricVerdict> {
  if (!item.retrievals?.length) return skip(NO_RETRIEVAL);
  if (!item.retrievals.some((retrieval) => retrieval.passages.length))
    return { score: 0, passed: false, reason: "Retrieval found no passages, so nothing supports the reply", costUsd: 0 };
  const prompt = `<passages>\n${passagesForJudge(item.retrievals)}\n</passages>\n\n<answer>\n${item.output ?? ""}\n</answer>`;
  return judged(judge, FAITHFULNESS_SYSTEM, prompt, passThreshold);
}

/** Are the retrieved passages about the question? */
export async function scoreContextRelevance(item: KnowledgeOutcome, passThreshold: number, judge: KnowledgeJudge): Promise<MetricVerdict> {
  if (!item.retrievals?.length) return skip(NO_RETRIEVAL);
  if (!item.retrievals.some((retrieval) => retrieval.passages.length))
    return { score: 0, passed: false, reason: "Retrieval found no passages", costUsd: 0 };
  const prompt = `<question>\n${item.input}\n</question>\n\n<passages>\n${passagesForJudge(item.retrievals)}\n</passages>`;
  return judged(judge, CONTEXT_RELEVANCE_SYSTEM, prompt, passThreshold);
}

/** Hit rate (1 or 0 per item) or reciprocal rank of the first expected source; passes when one was retrieved. */
export function scoreRetrieval(metric: "hit_rate" | "mrr", item: KnowledgeOutcome): MetricVerdict {
  const sources = item.expectedSources ?? [];
  if (!sources.length) return skip("The item names no expected sources");
  const retrievals = item.retrievals ?? [];
  const score = metric === "hit_rate" ? retrievalHit(retrievals, sources) : reciprocalRank(retrievals, sources);
  const reason = !score
    ? `None of ${sources.join(", ")} was retrieved`
    : metric === "hit_rate"
      ? "An expected source was retrieved"
      : `The first expected source was retrieved at rank ${Math.round(1 / score)}`;
  return { score, passed: score > 0, reason, costUsd: 0 };
}
