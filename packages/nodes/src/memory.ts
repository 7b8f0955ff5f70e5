// Conversation memory for a session (the run's sessionId): the last turns of earlier runs, or a running
// summary that a chosen model keeps up to date and that is stored per workspace and session. Its output
// feeds a Model node's History input.
import { defineNode, optionLabels, reference, type ChatMessage, type ConversationTurn } from "@switchyard/engine";
import { AppError } from "@switchyard/errors";
import { z } from "zod";

const memoryConfigSchema = z.object({
  mode: z
    .enum(["turns", "summary"])
    .default("turns")
    .meta({ title: "Mode", ...optionLabels({ turns: "Last turns", summary: "Running summary" }) }),
  /** Turns mode: how many earlier turns (a user message and its reply) to replay. */
  turns: z.number().int().min(1).max(100).default(10).meta({ title: "Turns to replay" }),
  /** Summary mode: the model that writes the summary. */
  credentialId: z
    .string()
    .optional()
    .meta({ title: "Provider", ...reference("credential") }),
  model: z.string().trim().max(200).optional().meta({ title: "Model" }),
  summaryPrompt: z
    .string()
    .max(10_000)
    .default(
      "You keep a running summary of a conversation between a user and an assistant. Update the summary with the new turns. " +
        "Keep names, facts, preferences and open questions; drop small talk. Answer with the summary only, at most 200 words.",
    )
    .meta({ title: "Summary instructions" }),
  timeoutMs: z.number().int().min(100).max(600_000).default(60_000).meta({ title: "Timeout per attempt (ms)" }),
});

/** At most this many new turns are folded into the summary in one run. */
const maxTurnsPerSummary = 50;

const asMessages = (turns: ConversationTurn[]): ChatMessage[] =>
  turns.flatMap((turn) => [
    { role: "user" as const, content: turn.message },
    { role: "assistant" as const, content: turn.reply },
  ]);

export const memory = defineNode({
  type: "memory",
  label: "Memory",
  category: "Memory",
  description: "Earlier turns of this conversation, or a running summary of them, for a model's History.",
  inputs: [],
  outputs: [{ name: "messages", label: "History", type: "messages" }],
  config: memoryConfigSchema,
  check(config) {
    if (config.mode !== "summary") return [];
    return [
      ...(config.credentialId ? [] : ["Choose the provider that writes the summary"]),
      ...(config.model ? [] : ["Choose the model that writes the summary"]),
    ];
  },
  async execute({ config, run, services, signal }) {
    const sessionId = run.input.sessionId;
    // a run outside a conversation has nothing to remember
    if (!sessionId) return { outputs: { messages: [] } };
    if (!services.memory) throw new AppError("UNAVAILABLE", "Conversation memory is not available here");
    if (config.mode === "turns")
      return { outputs: { messages: asMessages(await services.memory.turns(sessionId, { limit: config.turns })) } };

    const previous = await services.memory.summary(sessionId);
    const fresh = await services.memory.turns(sessionId, { limit: maxTurnsPerSummary, since: previous?.coveredUntil });
    const summaryMessage = (text: string): ChatMessage[] =>
      text ? [{ role: "system", content: `Summary of the conversation so far: ${text}` }] : [];
    const last = fresh.at(-1);
    if (!last) return { outputs: { messages: summaryMessage(previous?.text ?? "") } };

    const transcript = fresh.map((turn) => `User: ${turn.message}\nAssistant: ${turn.reply}`).join("\n\n");
    const response = await services.models.generate(
      {
        credentialId: config.credentialId ?? "",
        model: config.model ?? "",
        system: config.summaryPrompt,
        messages: [{ role: "user", content: `Summary so far:\n${previous?.text || "(none yet)"}\n\nNew turns:\n${transcript}` }],
        timeoutMs: config.timeoutMs,
        maxRetries: 2,
        stream: false,
      },
      { signal },
    );
    const text = response.text.trim();
    await services.memory.saveSummary(sessionId, { text, coveredUntil: last.at });
    return { outputs: { messages: summaryMessage(text) }, usage: response.usage, attempts: response.attempts };
  },
});
