// An unstreamed answer of an OpenAI-compatible chat model, read without the AI SDK's zod check when the
// answer is in the plain shape such servers send (a string or no content, no tool calls, numeric usage):
// the schema check, the answer's metadata and the request body's second JSON encoding were about half
// of doGenerate's own CPU per call (bench/results/publish-where-time-goes.md, perf10).
// The request and its failure handling are the model's own (its `getArgs`, `failedResponseHandler`,
// the size-limited read of the body). An answer this reader does not vouch for (not JSON, another
// shape, no choice) is handed, byte for byte, to the model's own doGenerate, so what it accepts,
// rejects and throws is the SDK's by construction (compatible-generate.test.ts compares them).
import { postJsonToApi, readResponseWithSizeLimit, secureJsonParse } from "@ai-sdk/provider-utils";
import { chatEndpoint, type CompatibleChatModel } from "./compatible-stream";

/** What doGenerate answers, as far as callProvider reads it. */
export interface Generated {
  content: { type: string; text?: string }[];
  usage: unknown;
}

const decoder = new TextDecoder();

const nullish = (value: unknown) => value === undefined || value === null;
const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);
const maybeString = (value: unknown) => nullish(value) || typeof value === "string";
// zod 4's number() refuses Infinity, which JSON.parse gives for 1e400
const maybeNumber = (value: unknown) => nullish(value) || (typeof value === "number" && Number.isFinite(value));
const numbersOrNullish = (value: unknown, keys: string[]) =>
  nullish(value) || (isObject(value) && keys.every((key) => maybeNumber(value[key])));

/**
 * Whether the model's response schema accepts this answer as it is (the checks are that schema's, for
 * the fields it declares), with a first choice whose content is a string or absent and no tool calls.
 * False means "not vouched for", never "invalid": the SDK then decides.
 */
function plainAnswer(value: unknown): value is { choices: [{ message: { content?: string | null; refusal?: unknown } }]; usage?: unknown } {
  if (!isObject(value) || !maybeString(value.id) || !maybeNumber(value.created) || !maybeString(value.model)) return false;
  const { choices, usage } = value;
  if (!Array.isArray(choices) || choices.length === 0) return false;
  for (const choice of choices) {
    if (!isObject(choice) || !maybeString(choice.finish_reason)) return false;
    const message = choice.message;
    if (!isObject(message) || !(nullish(message.role) || message.role === "assistant")) return false;
    if (!maybeString(message.content) || !maybeString(message.reasoning_content) || !maybeString(message.reasoning)) return false;
    if (!nullish(message.tool_calls)) return false;
  }
  if (nullish(usage)) return true;
  return (
    numbersOrNullish(usage, ["prompt_tokens", "completion_tokens", "total_tokens"]) &&
    numbersOrNullish((usage as Record<string, unknown>).prompt_tokens_details, ["cached_tokens"]) &&
    numbersOrNullish((usage as Record<string, unknown>).completion_tokens_details, [
      "reasoning_tokens",
      "accepted_prediction_tokens",
      "rejected_prediction_tokens",
    ])
  );
}

function parsed(text: string): unknown {
  try {
    return secureJsonParse(text);
  } catch {
    return undefined; // the SDK's doGenerate reports it
  }
}

/** doGenerate's text parts of a plain answer: the content, then a refusal that is a non-empty string. */
function textParts({ content, refusal }: { content?: string | null; refusal?: unknown }): Generated["content"] {
  const parts: Generated["content"] = content ? [{ type: "text", text: content }] : [];
  if (typeof refusal === "string" && refusal) parts.push({ type: "text", text: refusal });
  return parts;
}

export async function generateCompatible(
  model: CompatibleChatModel,
  options: Record<string, unknown>,
  signal: AbortSignal,
): Promise<Generated> {
  const { args, warnings } = await model.getArgs({ ...options });
  const body = model.transformRequestBody(args, warnings);
  const { url, headers } = chatEndpoint(model, options.headers);
  const { value: answer } = await postJsonToApi<Generated | { replay: Response }>({
    url,
    headers,
    body,
    failedResponseHandler: model.failedResponseHandler,
    // read as the SDK's JSON handler reads (its size limit and decoding); a failure here is wrapped by postToApi as the SDK's is
    successfulResponseHandler: async ({ response }) => {
      const bytes = await readResponseWithSizeLimit({ response, url });
      const value = parsed(decoder.decode(bytes));
      if (plainAnswer(value)) return { value: { content: textParts(value.choices[0].message), usage: model.convertUsage(value.usage) } };
      const replay = new Response(bytes.length ? (bytes as Uint8Array<ArrayBuffer>) : null, {
        status: response.status,
        statusText: response.statusText,
        headers: response.headers,
      });
      return { value: { replay } };
    },
    abortSignal: signal,
    fetch: model.config.fetch,
  });
  if (!("replay" in answer)) return answer;
  // the same model, answered by the recorded response instead of a second request
  const replaying = Object.create(model) as typeof model;
  replaying.config = { ...model.config, fetch: async () => answer.replay };
  return (await replaying.doGenerate({ ...options, abortSignal: signal } as never)) as Generated;
}
