import { createOpenAICompatible } from "@ai-sdk/openai-compatible";
import { describe, expect, it, vi } from "vitest";
import { generateCompatible, type Generated } from "./compatible-generate";
import { asCompatibleChatModel } from "./compatible-stream";

// The same unstreamed answers read by the AI SDK's doGenerate and by generateCompatible: both must send
// the same request and give the same text, tool calls, usage or failure.
const usage = {
  prompt_tokens: 12,
  completion_tokens: 4,
  total_tokens: 16,
  prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
  completion_tokens_details: { reasoning_tokens: 0, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 },
};
const message = { role: "assistant", content: "alpha béta gamma", refusal: null, annotations: [] };
const answer = (changes: Record<string, unknown> = {}, messageChanges: Record<string, unknown> = {}, finish: unknown = "stop") =>
  JSON.stringify({
    id: "chatcmpl-1",
    object: "chat.completion",
    created: 1765000000,
    model: "m",
    choices: [{ index: 0, message: { ...message, ...messageChanges }, logprobs: null, finish_reason: finish }],
    usage,
    service_tier: "default",
    system_fingerprint: "fp",
    ...changes,
  });

interface Reply {
  status?: number;
  body: string | Uint8Array;
  /** The body's read fails after its bytes (a connection closed mid-answer). */
  cut?: boolean;
  contentType?: string;
}

const cases: Record<string, Reply> = {
  "a normal answer": { body: answer() },
  "usage missing": { body: answer({ usage: undefined }) },
  "usage null, without details": { body: answer({ usage: { prompt_tokens: 3, completion_tokens: null } }) },
  "finish reason length": { body: answer({}, {}, "length") },
  "finish reason content_filter": { body: answer({}, {}, "content_filter") },
  "no finish reason": { body: answer({}, {}, null) },
  "empty content": { body: answer({}, { content: "" }) },
  "no content, a refusal": { body: answer({}, { content: null, refusal: "I can't help with that" }) },
  "a refusal that is not text": { body: answer({}, { refusal: false }) },
  "reasoning alongside": { body: answer({}, { reasoning_content: "thinking…" }) },
  "content as parts": { body: answer({}, { content: [{ type: "text", text: "in parts" }, { type: "image_url" }] }) },
  "tool calls in the answer": {
    body: answer(
      {},
      { content: null, tool_calls: [{ id: "t1", type: "function", function: { name: "f", arguments: '{"a":1}' } }] },
      "tool_calls",
    ),
  },
  "two choices": {
    body: answer({
      choices: [
        { message, finish_reason: "stop" },
        { message: { content: "second" }, finish_reason: "stop" },
      ],
    }),
  },
  "BOM before the JSON": { body: "\uFEFF" + answer() },
  "an error body (500)": { status: 500, body: '{"error":{"message":"overloaded","type":"server_error","code":"busy"}}' },
  "an error body (429)": { status: 429, body: '{"error":{"message":"slow down","type":"rate_limit"}}' },
  "an error that is not JSON (502)": { status: 502, body: "<html>Bad gateway</html>", contentType: "text/html" },
  "invalid JSON": { body: '{"id":"c1","choices":[' },
  "an empty body": { body: "" },
  "JSON that is not an object": { body: '"just text"' },
  "no choices": { body: answer({ choices: [] }) },
  "choices not a list": { body: answer({ choices: { 0: {} } }) },
  "created as text": { body: answer({ created: "yesterday" }) },
  "a token count as text": { body: answer({ usage: { ...usage, prompt_tokens: "12" } }) },
  "a token count out of range (1e400)": { body: answer().replace('"total_tokens":16', '"total_tokens":1e400') },
  "details that are not objects": { body: answer({ usage: { ...usage, completion_tokens_details: [1] } }) },
  "a role other than assistant": { body: answer({}, { role: "user" }) },
  "a choice without a message": { body: answer({ choices: [{ finish_reason: "stop" }] }) },
  "a prototype key": { body: answer().replace('"model":"m"', '"model":"m","__proto__":{"x":1}') },
  "a body cut short": { body: answer().slice(0, 40), cut: true },
};

function modelFor(reply: Reply, sent: unknown[]) {
  const bytes = typeof reply.body === "string" ? new TextEncoder().encode(reply.body) : reply.body;
  const fetch = async (url: RequestInfo | URL, init?: RequestInit) => {
    sent.push({ url, headers: init?.headers, body: init?.body });
    let read = false;
    return new Response(
      new ReadableStream<Uint8Array>({
        pull(controller) {
          if (!read) {
            read = true;
            controller.enqueue(bytes);
          } else if (reply.cut)
            controller.error(
              new TypeError("terminated", { cause: Object.assign(new Error("other side closed"), { code: "UND_ERR_SOCKET" }) }),
            );
          else controller.close();
        },
      }),
      { status: reply.status ?? 200, headers: { "content-type": reply.contentType ?? "application/json", "x-request-id": "r1" } },
    );
  };
  return createOpenAICompatible({ name: "test", baseURL: "http://provider.test/v1", apiKey: "k", includeUsage: true, fetch }).chatModel(
    "m",
  );
}

const options = {
  prompt: [
    { role: "system", content: "be brief" },
    { role: "user", content: [{ type: "text", text: "hi" }] },
  ],
  temperature: 0.2,
  maxOutputTokens: 64,
};

const describeError = (error: unknown) => {
  if (!(error instanceof Error)) return { value: error };
  const { isRetryable, statusCode, responseBody, responseHeaders, requestBodyValues } = error as Error & Record<string, unknown>;
  const cause = error.cause instanceof Error ? { name: error.cause.name, message: error.cause.message } : error.cause;
  return { name: error.name, message: error.message, isRetryable, statusCode, responseBody, responseHeaders, requestBodyValues, cause };
};

/** What callProvider reads of an answer: its text parts, tool calls and usage. */
const outcome = (result: Generated) => ({
  text: result.content.map((part) => (part.type === "text" ? part.text : "")).join(""),
  toolCalls: result.content.filter((part) => part.type === "tool-call"),
  usage: result.usage,
});

async function via(reply: Reply, call: (model: ReturnType<typeof modelFor>) => Promise<Generated>) {
  const sent: unknown[] = [];
  try {
    return { sent, ...outcome(await call(modelFor(reply, sent))) };
  } catch (error) {
    return { sent, error: describeError(error) };
  }
}

const viaSdk = (reply: Reply) => via(reply, async (model) => (await model.doGenerate(options as never)) as Generated);
const viaOurs = (reply: Reply) =>
  via(reply, (model) => generateCompatible(asCompatibleChatModel(model)!, options, new AbortController().signal));

/** Whether generateCompatible handed the recorded answer to the SDK's doGenerate (spied on the SDK's model, which the replay inherits from). */
async function handedToSdk(reply: Reply) {
  const model = modelFor(reply, []);
  const doGenerate = vi.spyOn(model, "doGenerate");
  await generateCompatible(asCompatibleChatModel(model)!, options, new AbortController().signal).catch(() => undefined);
  return doGenerate.mock.calls.length > 0;
}

/** Successful answers that are not in the plain shape: the SDK reads (or refuses) them. */
const notPlain = [
  "content as parts",
  "tool calls in the answer",
  "invalid JSON",
  "an empty body",
  "JSON that is not an object",
  "no choices",
  "choices not a list",
  "created as text",
  "a token count as text",
  "a token count out of range (1e400)",
  "details that are not objects",
  "a role other than assistant",
  "a choice without a message",
  "a prototype key",
];

describe("generateCompatible", () => {
  // the comparison above passes whichever reader answers: this pins that plain answers skip the SDK's
  // zod check (the point of the reader) and that only the others are replayed
  it("reads a plain answer itself and replays only the others through the SDK's doGenerate", async () => {
    const handed = Object.fromEntries(
      await Promise.all(Object.entries(cases).map(async ([name, reply]) => [name, await handedToSdk(reply)])),
    );
    expect(handed).toEqual(Object.fromEntries(Object.keys(cases).map((name) => [name, notPlain.includes(name)])));
  });

  it.each(Object.entries(cases))("sends and reads the same as the AI SDK: %s", async (_, reply) => {
    expect(await viaOurs(reply)).toEqual(await viaSdk(reply));
  });

  it("gives a normal answer's text and usage", async () => {
    expect(await viaOurs(cases["a normal answer"]!)).toMatchObject({
      text: "alpha béta gamma",
      usage: { inputTokens: { total: 12 }, outputTokens: { total: 4 } },
    });
  });

  it("fails an answer the schema refuses as the AI SDK does (an invalid response, not retried)", async () => {
    expect(await viaOurs(cases["created as text"]!)).toMatchObject({
      error: { message: "Invalid JSON response", cause: { name: "AI_TypeValidationError" } },
    });
  });

  it("fails a provider's error with its message, retryable when the provider is busy", async () => {
    expect(await viaOurs(cases["an error body (500)"]!)).toMatchObject({
      error: { message: "overloaded", isRetryable: true, statusCode: 500 },
    });
  });
});
