// Calls a language model. Which provider and model is just configuration, so swapping the model of a
// step changes two fields and nothing else.
import { defineNode, type ChatMessage } from "@switchyard/engine";
import { z } from "zod";

export const modelConfigSchema = z.object({
  credentialId: z.string({ error: "Choose a provider" }).min(1, "Choose a provider"),
  model: z.string({ error: "Choose a model" }).trim().min(1, "Choose a model").max(200),
  system: z.string().max(100_000).default(""),
  temperature: z.number().min(0).max(2).optional(),
  maxTokens: z.number().int().positive().max(1_000_000).optional(),
  stream: z.boolean().default(true),
  /** Per attempt; a timed-out attempt is retried like a 5xx. */
  timeoutMs: z.number().int().min(100).max(600_000).default(60_000),
  maxRetries: z.number().int().min(0).max(10).default(2),
});

export const model = defineNode({
  type: "model",
  label: "Model",
  category: "Model",
  description: "Sends the prompt to a language model from any configured provider and streams its reply.",
  inputs: [
    { name: "prompt", label: "Prompt", type: "text", required: true },
    { name: "history", label: "History", type: "messages" },
  ],
  outputs: [{ name: "text", label: "Reply", type: "text" }],
  config: modelConfigSchema,
  async execute({ config, inputs, signal, services, emit, nodeId }) {
    const history = Array.isArray(inputs.history) ? (inputs.history as ChatMessage[]) : [];
    const response = await services.models.generate(
      {
        credentialId: config.credentialId,
        model: config.model,
        system: config.system || undefined,
        messages: [...history, { role: "user", content: String(inputs.prompt ?? "") }],
        temperature: config.temperature,
        maxTokens: config.maxTokens,
        timeoutMs: config.timeoutMs,
        maxRetries: config.maxRetries,
        stream: config.stream,
      },
      { signal, onToken: config.stream ? (text) => emit({ type: "token", nodeId, text }) : undefined },
    );
    return { outputs: { text: response.text }, usage: response.usage, attempts: response.attempts };
  },
});
