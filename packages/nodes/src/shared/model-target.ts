// What every node that calls models shares: which model (credential + model id), its fallback chain
// and the call settings, so Model, Router, Ensemble and Agent configure (and label) them the same way.
import { reference, type ChatMessage, type ModelResponse, type PoolAnswer } from "@switchyard/engine";
import { z } from "zod";

export const modelTargetSchema = z.object({
  credentialId: z
    .string({ error: "Choose a provider" })
    .min(1, "Choose a provider")
    // a credential's id, or `pool:<id>` for a pool of credentials serving the same model
    .meta({ title: "Provider", ...reference("credential") }),
  model: z.string({ error: "Choose a model" }).trim().min(1, "Choose a model").max(200).meta({ title: "Model" }),
});

/** Tried in order after the model (and its retries) failed; every attempt shows in the trace. */
export const fallbacksSchema = z.array(modelTargetSchema).max(5).default([]).meta({ title: "Fallback models, in order" });

export const systemPromptSchema = z.string().max(100_000).default("").meta({ title: "System prompt" });
export const streamSchema = z.boolean().default(true).meta({ title: "Stream tokens" });

export const callSettings = {
  temperature: z.number().min(0).max(2).optional().meta({ title: "Temperature" }),
  maxTokens: z.number().int().positive().max(1_000_000).optional().meta({ title: "Max tokens" }),
  /** Per attempt; a timed-out attempt is retried like a 5xx. */
  timeoutMs: z.number().int().min(100).max(600_000).default(60_000).meta({ title: "Timeout per attempt (ms)" }),
  maxRetries: z.number().int().min(0).max(10).default(2).meta({ title: "Retries" }),
};

/** The request fields every model-calling node sets the same way from its config. */
export function requestSettings(config: {
  system?: string;
  temperature?: number;
  maxTokens?: number;
  timeoutMs: number;
  maxRetries: number;
}) {
  return {
    system: config.system || undefined,
    temperature: config.temperature,
    maxTokens: config.maxTokens,
    timeoutMs: config.timeoutMs,
    maxRetries: config.maxRetries,
  };
}

/** Earlier turns (from a History input) followed by this prompt as the user's message. */
export function conversation(inputs: Record<string, unknown>): ChatMessage[] {
  const history = Array.isArray(inputs.history) ? (inputs.history as ChatMessage[]) : [];
  return [...history, { role: "user", content: String(inputs.prompt ?? "") }];
}

/** A trace line naming the pool member that answered and the members that failed before it. */
export function poolNote(answer: PoolAnswer): string {
  const failed = answer.failovers.length;
  const before = failed ? ` after ${failed} failover${failed === 1 ? "" : "s"} (${answer.failovers.join("; ")})` : "";
  return `Pool ${answer.pool}: ${answer.member} answered${before}`;
}

/** A trace line when a fallback or a pool member answered, naming the model or member that did. */
export function fallbackNote(response: ModelResponse, requested: string): string | undefined {
  if (response.pool) return poolNote(response.pool);
  if (response.usage.model === requested) return undefined;
  const failed = response.attempts.filter((attempt) => attempt.error).length;
  return `Fallback ${response.usage.provider.toLowerCase()} ${response.usage.model} answered after ${failed} failed attempt${failed === 1 ? "" : "s"}`;
}
