// Calls a language model. Which provider and model is just configuration, so swapping the model of a
// step changes two fields and nothing else.
import { defineNode, optionLabels } from "@switchyard/engine";
import { z } from "zod";
import {
  callSettings,
  conversation,
  fallbackNote,
  fallbacksSchema,
  modelTargetSchema,
  requestSettings,
  streamSchema,
  systemPromptSchema,
} from "./shared/model-target";

export const modelConfigSchema = modelTargetSchema.extend({
  system: systemPromptSchema,
  ...callSettings,
  stream: streamSchema,
  fallbacks: fallbacksSchema,
  /** `json` asks the provider for a JSON object (for a Structured output downstream). */
  responseFormat: z
    .enum(["text", "json"])
    .default("text")
    .meta({ title: "Response format", ...optionLabels({ text: "Text", json: "JSON object" }) }),
});

/**
 * The node's signal is read only when the call goes out: an answer from the eval response cache never
 * needs it, and its abort controller, timer and listener cost more than the cached answer. (A class:
 * a getter written in an object literal costs V8 a map of its own on every call.)
 */
class CallOptions {
  constructor(
    private readonly context: { readonly signal: AbortSignal },
    readonly onToken: ((text: string) => void) | undefined,
  ) {}

  get signal() {
    return this.context.signal;
  }
}

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
  async execute(context) {
    const { config, inputs, services, emit, nodeId } = context;
    const response = await services.models.generate(
      {
        credentialId: config.credentialId,
        model: config.model,
        fallbacks: config.fallbacks,
        ...requestSettings(config),
        messages: conversation(inputs),
        stream: config.stream,
        ...(config.responseFormat === "json" && { responseFormat: "json" as const }),
      },
      new CallOptions(context, config.stream ? (text) => emit({ type: "token", nodeId, text }) : undefined),
    );
    return {
      outputs: { text: response.text },
      usage: response.usage,
      attempts: response.attempts,
      note: fallbackNote(response, config.model),
      ...(response.pool && { detail: { pool: response.pool } }),
    };
  },
});
