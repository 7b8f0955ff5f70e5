// A streamed answer of an OpenAI-compatible chat model, read without the AI SDK's chain of web streams
// (a body wrapper, TextDecoderStream, EventSourceParserStream and two TransformStreams, built anew for
// every call): on Node 20 building and driving them cost a worker more CPU than the rest of a streamed
// run's provider call (bench/results/publish-where-time-goes.md, perf6). The request, its failure
// handling and each chunk's JSON parse and schema check are the AI SDK model's own (its `getArgs`,
// `failedResponseHandler`, `chunkSchema`, `convertUsage`: pinned with @ai-sdk/provider-utils to the
// version @ai-sdk/openai-compatible uses); tokens, usage and failures read as its doStream's do
// (compatible-stream.test.ts compares them). Calls with tools keep doStream (its tool-call tracking).
import { OpenAICompatibleChatLanguageModel } from "@ai-sdk/openai-compatible";
import { combineHeaders, extractResponseHeaders, isAbortError, postJsonToApi, safeParseJSON } from "@ai-sdk/provider-utils";
import { APICallError, EmptyResponseBodyError, InvalidResponseDataError } from "ai";

const networkCodes = new Set([
  "ConnectionRefused",
  "ConnectionClosed",
  "FailedToOpenSocket",
  "ECONNRESET",
  "ECONNREFUSED",
  "ETIMEDOUT",
  "EPIPE",
  "UND_ERR_SOCKET",
  "UND_ERR_HEADERS_TIMEOUT",
  "UND_ERR_BODY_TIMEOUT",
  "UND_ERR_CONNECT_TIMEOUT",
]);
/** Whether a network failure is in the error's cause chain (the AI SDK's `findNetworkError`). */
function networkError(error: unknown): boolean {
  const seen = new Set<unknown>();
  for (let current = error; current instanceof Error && !seen.has(current); current = current.cause) {
    seen.add(current);
    const code = (current as Error & { code?: unknown }).code;
    if (typeof code === "string" && networkCodes.has(code)) return true;
  }
  return false;
}

/** Token usage as the AI SDK's models report it (a count, or a breakdown with its total). */
export type Usage = { inputTokens?: number | { total?: number }; outputTokens?: number | { total?: number } } | undefined;

export interface CompatibleChatModel {
  provider: string;
  modelId: string;
  getArgs(options: unknown): Promise<{ args: Record<string, unknown>; warnings: unknown[] }>;
  transformRequestBody(body: Record<string, unknown>, warnings: unknown[]): Record<string, unknown>;
  config: {
    url(options: { path: string; modelId: string }): string;
    headers(): Record<string, string | undefined>;
    fetch?: typeof fetch;
    includeUsage?: boolean;
  };
  failedResponseHandler: Parameters<typeof postJsonToApi>[0]["failedResponseHandler"];
  chunkSchema: Parameters<typeof safeParseJSON>[0]["schema"];
  convertUsage(usage: unknown): Usage;
  doGenerate(options: never): PromiseLike<unknown>;
}

interface Chunk {
  error?: unknown;
  usage?: unknown;
  choices: {
    finish_reason?: string | null;
    delta?: { content?: unknown; refusal?: string | null; tool_calls?: unknown[] | null } | null;
  }[];
}

/** The model as one whose answers `streamCompatible` and `generateCompatible` read (an OpenAI-compatible chat model), or null. */
export function asCompatibleChatModel(model: unknown): CompatibleChatModel | null {
  return model instanceof OpenAICompatibleChatLanguageModel ? (model as unknown as CompatibleChatModel) : null;
}

const endpoints = new WeakMap<CompatibleChatModel, { url: string; headers: Record<string, string | undefined> }>();

/**
 * The chat URL and headers of a model, made once per model: createOpenAICompatible fixes both when the
 * provider is made (language-model.ts passes no function-valued settings), and building them (a URL
 * parse, a Headers object for the user-agent suffix) is per-call work otherwise.
 */
export function chatEndpoint(model: CompatibleChatModel, extraHeaders: unknown) {
  let endpoint = endpoints.get(model);
  if (!endpoint) {
    endpoint = { url: model.config.url({ path: "/chat/completions", modelId: model.modelId }), headers: model.config.headers() };
    endpoints.set(model, endpoint);
  }
  return { url: endpoint.url, headers: combineHeaders(endpoint.headers, extraHeaders as Record<string, string> | undefined) };
}

/**
 * The `data` of each server-sent event of `body`, in order (lines end with "\n" or "\r\n"; other
 * fields and comments are skipped). Stopping early cancels the body, so its connection is not held.
 */
async function* eventData(body: ReadableStream<Uint8Array>, failed: (error: unknown) => unknown): AsyncGenerator<string> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  let data: string[] = [];
  let ended = false;
  const events: string[] = [];
  const line = (text: string) => {
    if (text.endsWith("\r")) text = text.slice(0, -1);
    if (text === "") {
      if (data.length) events.push(data.join("\n"));
      data = [];
    } else if (text.startsWith("data:")) data.push(text.charCodeAt(5) === 32 ? text.slice(6) : text.slice(5));
  };
  try {
    while (!ended) {
      let read: ReadableStreamReadResult<Uint8Array>;
      try {
        read = await reader.read();
      } catch (error) {
        ended = true;
        throw failed(error);
      }
      ended = read.done;
      buffer += read.done ? decoder.decode() : decoder.decode(read.value, { stream: true });
      let start = 0;
      for (let newline = buffer.indexOf("\n"); newline >= 0; newline = buffer.indexOf("\n", start)) {
        line(buffer.slice(start, newline));
        start = newline + 1;
      }
      buffer = buffer.slice(start);
      if (ended) {
        if (buffer) line(buffer);
        line("");
      }
      for (const event of events) yield event;
      events.length = 0;
    }
  } finally {
    if (!ended) reader.cancel().catch(() => undefined);
    reader.releaseLock();
  }
}

const textOf = (content: unknown): string => {
  if (typeof content === "string") return content;
  if (!Array.isArray(content)) return "";
  return content
    .map((part: { type?: string; text?: unknown }) => (part?.type === "text" && typeof part.text === "string" ? part.text : ""))
    .join("");
};

export async function streamCompatible(
  model: CompatibleChatModel,
  options: Record<string, unknown>,
  signal: AbortSignal,
  onToken: ((text: string) => void) | undefined,
): Promise<{ text: string; usage: Usage }> {
  const { args, warnings } = await model.getArgs({ ...options });
  const body = model.transformRequestBody(
    { ...args, stream: true, stream_options: model.config.includeUsage ? { include_usage: true } : undefined },
    warnings,
  );
  const { url, headers } = chatEndpoint(model, options.headers);
  const { value: response } = await postJsonToApi({
    url,
    headers,
    body,
    failedResponseHandler: model.failedResponseHandler,
    successfulResponseHandler: async ({ response }) => ({ value: response }),
    abortSignal: signal,
    fetch: model.config.fetch,
  });
  if (!response.body) throw new EmptyResponseBodyError({});
  const responseHeaders = extractResponseHeaders(response);
  // as the AI SDK's body wrapper: an abort as it is, anything else as a failed response (retryable if a network error)
  const failed = (error: unknown) => {
    if (isAbortError(error)) return error;
    const props = {
      message: "Failed to process successful response",
      cause: error,
      statusCode: response.status,
      url,
      responseHeaders,
      requestBodyValues: body,
    };
    return new APICallError(networkError(error) ? { ...props, isRetryable: true } : props);
  };
  let text = "";
  let usage: unknown;
  let finished = false;
  for await (const data of eventData(response.body, failed)) {
    if (data === "[DONE]") continue;
    const chunk = await safeParseJSON({ text: data, schema: model.chunkSchema });
    if (!chunk.success) throw chunk.error;
    const value = chunk.value as Chunk;
    if ("error" in value) throw value.error;
    if (value.usage != null) usage = value.usage;
    const choice = value.choices[0];
    if (choice?.finish_reason != null) finished = true;
    const delta = choice?.delta;
    if (!delta) continue;
    const piece = textOf(delta.content) + (delta.refusal ?? "");
    if (piece) {
      text += piece;
      onToken?.(piece);
    }
  }
  if (!finished) throw new InvalidResponseDataError({ data: undefined, message: "Response stream ended without a finish reason." });
  return { text, usage: model.convertUsage(usage) };
}
