// Calls a language model. Which provider and model is just configuration, so swapping the model of a
// step changes two fields and nothing else.
import { defineNode, type ChatMessage } from "@switchyard/engine";
import { z } from "zod";
import { callSettings, fallbackNote, fallbacksSchema, modelTargetSchema } from "./model-target";

export const modelConfigSchema = modelTargetSchema.extend({
  system: z.string().max(100_000).default(""),
  ...callSettings,
  stream: z.boolean().default(true),
  fallbacks: fallbacksSchema,
  /** `json` asks the provider for a JSON object (for a Structured output downstream). */
  responseFormat: z.enum(["text", "json"]).default("text"),
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
        fallbacks: config.fallbacks,
        system: config.system || undefined,
        messages: [...history, { role: "user", content: String(inputs.prompt ?? "") }],
        temperature: config.temperature,
        maxTokens: config.maxTokens,
        timeoutMs: config.timeoutMs,
        maxRetries: config.maxRetries,
        stream: config.stream,
        ...(config.responseFormat === "json" && { responseFormat: "json" as const }),
      },
      { signal, onToken: config.stream ? (text) => emit({ type: "token", nodeId, text }) : undefined },
    );
    return {
      outputs: { text: response.text },
      usage: response.usage,
      attempts: response.attempts,
      note: fallbackNote(response, config.model),
    };
  },
});
