// The OpenAI wire format for /api/v1: requests mapped to a run's input, results and stream chunks
// in the shapes the official clients parse, and our errors rewritten in OpenAI's error shape.
import type { RunFinishedEvent, RunWaitingEvent } from "@switchyard/engine";
import { AppError } from "@switchyard/errors";
import type { RunJob } from "@switchyard/queue";
import { z } from "zod";

const contentSchema = z
  .union([
    z.string(),
    z.array(z.object({ type: z.string(), text: z.string().optional() })).transform((parts) =>
      parts
        .filter((part) => part.type === "text")
        .map((part) => part.text ?? "")
        .join(""),
    ),
    z.null().transform(() => ""),
  ])
  // the same bound as a run's input (runInputSchema), checked here so the caller hears why
  .pipe(z.string().max(100_000, "A message is longer than 100,000 characters"));

/**
 * A parameter a bot cannot honour: the flow decides its tools, output format and model settings, and
 * answers once. Absent, null or the neutral value passes; anything else is refused rather than
 * silently ignored.
 */
const only = <T extends z.ZodType>(schema: T, why: string) =>
  z
    .unknown()
    .superRefine((value, context) => {
      if (value !== null && !schema.safeParse(value).success) context.addIssue({ code: "custom", message: why });
    })
    .optional();
const tokenLimit = (name: string) =>
  z.number(`${name} must be a number`).int(`${name} must be a whole number`).min(1, `${name} must be at least 1`).nullish();

export const chatCompletionSchema = z.object({
  model: z.string().min(1, "model is required: the slug of a deployment"),
  messages: z
    .array(z.object({ role: z.enum(["system", "developer", "user", "assistant", "tool"]), content: contentSchema }))
    .min(1, "messages must hold at least one message")
    .max(200, "messages may hold at most 200 messages"),
  stream: z.boolean().optional(),
  stream_options: z.object({ include_usage: z.boolean().optional() }).nullish(),
  user: z.string().max(200).optional(),
  // generation settings are the bot's own; valid values are accepted (clients send defaults) and the
  // flow's model settings apply
  max_tokens: tokenLimit("max_tokens"),
  max_completion_tokens: tokenLimit("max_completion_tokens"),
  temperature: z.number().min(0).max(2).nullish(),
  top_p: z.number().min(0).max(1).nullish(),
  presence_penalty: z.number().min(-2).max(2).nullish(),
  frequency_penalty: z.number().min(-2).max(2).nullish(),
  stop: z.union([z.string(), z.array(z.string()).max(4)]).nullish(),
  seed: z.number().int().nullish(),
  n: only(z.literal(1), "n must be 1: a bot gives one answer per request"),
  logprobs: only(z.literal(false), "logprobs are not available from a bot"),
  top_logprobs: only(z.literal(0), "logprobs are not available from a bot"),
  logit_bias: only(z.object({}).strict(), "logit_bias is not supported: the bot's flow sets its models"),
  tools: only(z.array(z.never()), "tools are not supported: the bot's flow decides which tools it uses"),
  functions: only(z.array(z.never()), "functions are not supported: the bot's flow decides which tools it uses"),
  tool_choice: only(z.literal("none"), "tool_choice is not supported: the bot's flow decides which tools it uses"),
  function_call: only(z.literal("none"), "function_call is not supported: the bot's flow decides which tools it uses"),
  response_format: only(
    z.object({ type: z.literal("text") }),
    'response_format must be {"type":"text"}: the bot\'s flow decides its output',
  ),
  modalities: only(z.array(z.literal("text")), 'modalities must be ["text"]: a bot answers in text'),
  audio: only(z.never(), "audio output is not available from a bot"),
  prediction: only(z.never(), "prediction is not supported"),
});

export type ChatCompletionRequest = z.infer<typeof chatCompletionSchema>;

/** The last message is what the bot answers; the ones before it are the conversation so far. */
export function runInputFromMessages(messages: ChatCompletionRequest["messages"]): RunJob["input"] {
  const last = messages.at(-1)!;
  if (last.role !== "user") throw new AppError("BAD_REQUEST", "The last message must come from the user");
  const history = messages
    .slice(0, -1)
    .filter((message) => message.role !== "tool")
    .map((message) => ({ role: message.role === "developer" ? ("system" as const) : message.role, content: message.content }));
  return { message: last.content, history: history as NonNullable<RunJob["input"]["history"]> };
}

const usageOf = (finished: RunFinishedEvent) => ({
  prompt_tokens: finished.tokensIn,
  completion_tokens: finished.tokensOut,
  total_tokens: finished.tokensIn + finished.tokensOut,
});

export function completionBody(runId: string, model: string, finished: RunFinishedEvent) {
  return {
    id: `chatcmpl-${runId}`,
    object: "chat.completion",
    created: Math.floor(finished.at / 1000),
    model,
    choices: [{ index: 0, message: { role: "assistant", content: finished.output ?? "" }, logprobs: null, finish_reason: "stop" }],
    usage: usageOf(finished),
  };
}

/** The run paused for approval: no reply yet, and which approvals it waits on (an extension OpenAI clients ignore). */
export function waitingBody(runId: string, model: string, waiting: RunWaitingEvent) {
  return {
    id: `chatcmpl-${runId}`,
    object: "chat.completion",
    created: Math.floor(waiting.at / 1000),
    model,
    status: "waiting_for_approval",
    approvals: waiting.approvals,
    choices: [{ index: 0, message: { role: "assistant", content: "" }, logprobs: null, finish_reason: "approval_pending" }],
  };
}

export function chunkEncoder(runId: string, model: string, includeUsage: boolean) {
  const created = Math.floor(Date.now() / 1000);
  const base = { id: `chatcmpl-${runId}`, object: "chat.completion.chunk", created, model };
  const data = (value: unknown) => `data: ${JSON.stringify(value)}\n\n`;
  const chunk = (delta: object, finishReason: string | null) =>
    data({ ...base, choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }], ...(includeUsage && { usage: null }) });
  let started = false;
  return {
    token(text: string) {
      const first = started ? "" : chunk({ role: "assistant", content: "" }, null);
      started = true;
      return first + chunk({ content: text }, null);
    },
    waiting(waiting: RunWaitingEvent) {
      const body = { ...base, status: "waiting_for_approval", approvals: waiting.approvals };
      return data({ ...body, choices: [{ index: 0, delta: {}, logprobs: null, finish_reason: "approval_pending" }] }) + "data: [DONE]\n\n";
    },
    finished(finished: RunFinishedEvent) {
      if (finished.status !== "SUCCEEDED")
        return data({
          error: { message: `The bot failed: ${finished.error ?? finished.status}`, type: "server_error", param: null, code: null },
        });
      const usage = includeUsage ? data({ ...base, choices: [], usage: usageOf(finished) }) : "";
      return chunk({}, "stop") + usage + "data: [DONE]\n\n";
    },
  };
}

const errorTypes: Record<number, { type: string; code: string | null }> = {
  401: { type: "invalid_request_error", code: "invalid_api_key" },
  403: { type: "permission_error", code: null },
  404: { type: "invalid_request_error", code: "model_not_found" },
  429: { type: "requests", code: "rate_limit_exceeded" },
};

/** Rewrites an error answer from `route()` (`{ error: { code, message } }`) in OpenAI's shape. */
export async function inOpenAiShape(response: Response): Promise<Response> {
  if (response.ok) return response;
  const { error } = (await response.json()) as { error: { message: string; issues?: { path: string }[] } };
  const kind = errorTypes[response.status] ?? { type: response.status >= 500 ? "server_error" : "invalid_request_error", code: null };
  // a refused field is named in `param`, as OpenAI does
  const param = error.issues?.[0]?.path || null;
  const headers = new Headers(response.headers);
  headers.delete("content-length");
  return Response.json(
    { error: { message: error.message, type: kind.type, param, code: kind.code } },
    { status: response.status, headers },
  );
}
