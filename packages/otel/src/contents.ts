// Prompt and reply contents in the shape the GenAI conventions give gen_ai.input.messages and
// gen_ai.output.messages (JSON: role and text parts). Only built when a workspace turned contents on.
interface Message {
  role: string;
  content: string;
}

const asText = (value: unknown) => (typeof value === "string" ? value : JSON.stringify(value ?? null));

const parts = (message: Message) => ({ role: message.role, parts: [{ type: "text", content: message.content }] });

const messagesOf = (value: unknown): Message[] =>
  Array.isArray(value)
    ? value.filter((item): item is Message => typeof item === "object" && item !== null && "role" in item && "content" in item)
    : [];

/** A run's or a model step's conversation: its history, then the new message. */
export function inputMessages(history: unknown, message: unknown): string {
  return JSON.stringify([...messagesOf(history), { role: "user", content: asText(message) }].map(parts));
}

export function outputMessages(text: unknown, finishReason = "stop"): string {
  return JSON.stringify([{ ...parts({ role: "assistant", content: asText(text) }), finish_reason: finishReason }]);
}

/** Any other node's value, as JSON text. */
export const jsonText = asText;
