import { createOpenAICompatible } from "@ai-sdk/openai-compatible";
import { describe, expect, it } from "vitest";
import { asCompatibleChatModel, streamCompatible } from "./compatible-stream";

// The same streamed answers read by the AI SDK's doStream and by streamCompatible: both must give the
// same tokens, usage and failure.
const head = '{"id":"c1","object":"chat.completion.chunk","created":1,"model":"m","choices":';
const chunk = (choices: string, extra = "") => `data: ${head}${choices}${extra}}\n\n`;
const delta = (content: string) => chunk(`[{"index":0,"delta":{"content":${JSON.stringify(content)}},"finish_reason":null}]`);
const finish = chunk('[{"index":0,"delta":{},"finish_reason":"stop"}]');
const usage = chunk("[]", ',"usage":{"prompt_tokens":5,"completion_tokens":3,"total_tokens":8}');
const whole = [
  chunk('[{"index":0,"delta":{"role":"assistant","content":""},"finish_reason":null}]'),
  delta("alpha "),
  delta("béta "),
  delta("gamma"),
  finish,
  usage,
  "data: [DONE]\n\n",
].join("");

const bytes = new TextEncoder().encode(whole);
const cases: Record<string, Uint8Array[]> = {
  "one read": [bytes],
  "split everywhere (mid line, mid character)": Array.from({ length: Math.ceil(bytes.length / 7) }, (_, i) =>
    bytes.slice(i * 7, i * 7 + 7),
  ),
  "CRLF lines": [new TextEncoder().encode(whole.replaceAll("\n", "\r\n"))],
  "comments and other fields": [new TextEncoder().encode(`: keep-alive\nevent: message\n${whole}`)],
  "no finish reason": [new TextEncoder().encode(delta("alpha") + usage)],
  "an error chunk": [new TextEncoder().encode(delta("alpha") + 'data: {"error":{"message":"overloaded","type":"server_error"}}\n\n')],
  "a chunk that is not JSON": [new TextEncoder().encode(delta("alpha") + "data: {nope\n\n")],
};

function modelFor(parts: Uint8Array[], cut = false) {
  let read = 0;
  const fetch = async () =>
    new Response(
      new ReadableStream<Uint8Array>({
        // one part per read, as a network would give them (an error drops what is queued)
        pull(controller) {
          const part = parts[read++];
          if (part) controller.enqueue(part);
          else if (cut)
            controller.error(
              new TypeError("terminated", { cause: Object.assign(new Error("other side closed"), { code: "UND_ERR_SOCKET" }) }),
            );
          else controller.close();
        },
      }),
      { headers: { "content-type": "text/event-stream" } },
    );
  return createOpenAICompatible({ name: "test", baseURL: "http://provider.test/v1", includeUsage: true, fetch }).chatModel("m");
}

const options = { prompt: [{ role: "user", content: [{ type: "text", text: "hi" }] }] };
const describeError = (error: unknown) =>
  error instanceof Error
    ? { name: error.name, message: error.message, retryable: (error as { isRetryable?: boolean }).isRetryable }
    : { value: error };

async function viaSdk(parts: Uint8Array[], cut?: boolean) {
  const { stream } = await modelFor(parts, cut).doStream(options as never);
  const reader = (stream as ReadableStream<{ type: string; delta?: string; error?: unknown; usage?: unknown }>).getReader();
  let text = "";
  let usage: unknown;
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      if (value.type === "text-delta") text += value.delta;
      else if (value.type === "error") throw value.error;
      else if (value.type === "finish") usage = value.usage;
    }
    return { text, usage };
  } catch (error) {
    return { text, error: describeError(error) };
  }
}

async function viaOurs(parts: Uint8Array[], cut?: boolean) {
  const tokens: string[] = [];
  try {
    const result = await streamCompatible(asCompatibleChatModel(modelFor(parts, cut))!, options, new AbortController().signal, (token) =>
      tokens.push(token),
    );
    expect(tokens.join("")).toBe(result.text);
    return result;
  } catch (error) {
    return { text: tokens.join(""), error: describeError(error) };
  }
}

describe("streamCompatible", () => {
  it.each(Object.entries(cases))("reads the same as the AI SDK: %s", async (_, parts) => {
    const ours = await viaOurs(parts);
    expect(ours).toEqual(await viaSdk(parts));
  });

  it("reads a body cut short the same as the AI SDK (a retryable failed response)", async () => {
    const parts = [new TextEncoder().encode(delta("alpha"))];
    const ours = await viaOurs(parts, true);
    expect(ours).toEqual(await viaSdk(parts, true));
    expect(ours).toMatchObject({ text: "alpha", error: { message: "Failed to process successful response", retryable: true } });
  });

  it("gives every token of a normal answer, with the usage", async () => {
    expect(await viaOurs(cases["one read"]!)).toMatchObject({
      text: "alpha béta gamma",
      usage: { inputTokens: { total: 5 }, outputTokens: { total: 3 } },
    });
  });
});
