// One call to a provider through the AI SDK's language-model specification: our request (messages,
// tools, tool results) becomes the spec's prompt, and the answer (text, tool calls, usage) comes back.
//
// Providers implement the spec (v3; some community providers v2). The gateway calls it directly rather
// than through streamText/generateText: for one text generation those helpers add a chain of web
// streams and prompt re-validation that cost about 3 ms of CPU per call on Node 20, more than the whole
// orchestration of a run.
import type { ModelMessage, ModelRequest, ToolCall } from "@switchyard/engine";
import type { LanguageModel } from "ai";
import { generateCompatible, type Generated } from "./compatible-generate";
import { asCompatibleChatModel, streamCompatible, type Usage } from "./compatible-stream";

export type SpecModel = Extract<LanguageModel, { doStream: unknown }>;
type StreamPart = {
  type: string;
  text?: string;
  delta?: string;
  error?: unknown;
  usage?: Usage;
  toolCallId?: string;
  toolName?: string;
  input?: string;
};

export interface CallResult {
  text: string;
  toolCalls: ToolCall[];
  tokensIn: number;
  tokensOut: number;
}

const tokenCount = (value: number | { total?: number } | undefined) => (typeof value === "number" ? value : (value?.total ?? 0));

const callResult = (text: string, toolCalls: ToolCall[], usage: Usage): CallResult => ({
  text,
  toolCalls,
  tokensIn: tokenCount(usage?.inputTokens),
  tokensOut: tokenCount(usage?.outputTokens),
});

function toolOutput(message: Extract<ModelMessage, { role: "tool" }>) {
  const text = typeof message.result === "string";
  if (message.isError) return text ? { type: "error-text", value: message.result } : { type: "error-json", value: message.result ?? null };
  return text ? { type: "text", value: message.result } : { type: "json", value: message.result ?? null };
}

function toPrompt(request: ModelRequest) {
  const prompt: Record<string, unknown>[] = request.system ? [{ role: "system", content: request.system }] : [];
  for (const message of request.messages) {
    if (message.role === "system") prompt.push({ role: "system", content: message.content });
    else if (message.role === "tool") {
      const part = { type: "tool-result", toolCallId: message.toolCallId, toolName: message.toolName, output: toolOutput(message) };
      // results of one turn's calls travel together, as providers expect
      const last = prompt.at(-1);
      if (last?.role === "tool") (last.content as unknown[]).push(part);
      else prompt.push({ role: "tool", content: [part] });
    } else if ("toolCalls" in message)
      prompt.push({
        role: "assistant",
        content: [
          ...(message.content ? [{ type: "text", text: message.content }] : []),
          ...message.toolCalls.map((call) => ({ type: "tool-call", toolCallId: call.id, toolName: call.name, input: call.arguments })),
        ],
      });
    else prompt.push({ role: message.role, content: [{ type: "text", text: message.content }] });
  }
  return prompt;
}

/** Tool arguments arrive as JSON text; text that is not JSON is passed on as it is, for the tool to refuse. */
function toolCall(part: { toolCallId?: string; toolName?: string; input?: unknown }): ToolCall {
  let args: unknown = part.input;
  if (typeof args === "string")
    try {
      args = args.trim() ? JSON.parse(args) : {};
    } catch {
      // keep the raw text
    }
  return { id: part.toolCallId ?? "", name: part.toolName ?? "", arguments: args };
}

export async function callProvider(
  model: SpecModel,
  request: ModelRequest,
  signal: AbortSignal,
  onToken?: (text: string) => void,
): Promise<CallResult> {
  const options = {
    prompt: toPrompt(request),
    temperature: request.temperature,
    maxOutputTokens: request.maxTokens,
    abortSignal: signal,
    ...(request.tools?.length && {
      tools: request.tools.map((tool) => ({
        type: "function",
        name: tool.name,
        description: tool.description,
        inputSchema: tool.parameters,
      })),
      toolChoice: { type: "auto" },
    }),
    ...(request.responseFormat === "json" && { responseFormat: { type: "json" } }),
  };
  const compatible = request.tools?.length ? null : asCompatibleChatModel(model);
  if (!request.stream) {
    const result = compatible
      ? await generateCompatible(compatible, options, signal)
      : ((await model.doGenerate(options as never)) as Generated);
    const content = result.content as StreamPart[];
    return callResult(
      content.map((part) => (part.type === "text" ? (part.text ?? "") : "")).join(""),
      content.filter((part) => part.type === "tool-call").map(toolCall),
      result.usage as Usage,
    );
  }
  if (compatible) {
    const result = await streamCompatible(compatible, options, signal, onToken);
    if (signal.aborted) throw signal.reason;
    return callResult(result.text, [], result.usage);
  }
  const { stream } = await model.doStream(options as never);
  const reader = (stream as ReadableStream<StreamPart>).getReader();
  let text = "";
  const toolCalls: ToolCall[] = [];
  let usage: Usage;
  try {
    for (;;) {
      const { value: part, done } = await reader.read();
      if (done) break;
      if (part.type === "text-delta") {
        text += part.delta ?? "";
        if (part.delta) onToken?.(part.delta);
      } else if (part.type === "tool-call") toolCalls.push(toolCall(part));
      else if (part.type === "error") throw part.error;
      else if (part.type === "finish") usage = part.usage;
    }
  } finally {
    reader.releaseLock();
  }
  if (signal.aborted) throw signal.reason;
  return callResult(text, toolCalls, usage);
}
