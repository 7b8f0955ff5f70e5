import type { RunFinishedEvent } from "@switchyard/engine";
import { AppError } from "@switchyard/errors";
import { describe, expect, it } from "vitest";
import { chatCompletionSchema, chunkEncoder, completionBody, inOpenAiShape, runInputFromMessages } from "./openai";

const finished: RunFinishedEvent = {
  type: "run.finished",
  status: "SUCCEEDED",
  at: 1_700_000_000_000,
  output: "Hi there",
  error: null,
  latencyMs: 12,
  tokensIn: 7,
  tokensOut: 2,
  costUsd: 0,
};

describe("OpenAI request mapping", () => {
  it("answers the last user message with the earlier ones as history (text parts joined, tool turns left out)", () => {
    const request = chatCompletionSchema.parse({
      model: "support",
      messages: [
        { role: "developer", content: "Be brief." },
        { role: "user", content: [{ type: "text", text: "Hello " }, { type: "image_url" }, { type: "text", text: "there" }] },
        { role: "assistant", content: null },
        { role: "tool", content: "42" },
        { role: "user", content: "And now?" },
      ],
    });
    expect(runInputFromMessages(request.messages)).toEqual({
      message: "And now?",
      history: [
        { role: "system", content: "Be brief." },
        { role: "user", content: "Hello there" },
        { role: "assistant", content: "" },
      ],
    });
  });

  it("refuses a conversation that does not end with the user", () => {
    expect(() => runInputFromMessages([{ role: "assistant", content: "hi" }])).toThrow(AppError);
  });

  it("refuses a message longer than a run accepts", () => {
    const parsed = chatCompletionSchema.safeParse({
      model: "m",
      messages: [{ role: "user", content: [{ type: "text", text: "x".repeat(100_001) }] }],
    });
    expect(parsed.error!.issues[0]!.message).toBe("A message is longer than 100,000 characters");
  });

  it("explains what is missing", () => {
    const parsed = chatCompletionSchema.safeParse({ messages: [] });
    expect(parsed.success).toBe(false);
    expect(parsed.error!.issues.map((issue) => issue.path.join("."))).toEqual(["model", "messages"]);
  });
});

describe("OpenAI parameters a bot cannot honour", () => {
  const base = { model: "m", messages: [{ role: "user", content: "hi" }] };
  const refusal = (extra: Record<string, unknown>) => {
    const parsed = chatCompletionSchema.safeParse({ ...base, ...extra });
    return parsed.success ? null : parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
  };

  it.each([
    [{ n: 2 }, "n: n must be 1: a bot gives one answer per request"],
    [{ n: 0 }, "n: n must be 1: a bot gives one answer per request"],
    [{ max_tokens: -5 }, "max_tokens: max_tokens must be at least 1"],
    [{ max_tokens: 0 }, "max_tokens: max_tokens must be at least 1"],
    [{ max_tokens: 1.5 }, "max_tokens: max_tokens must be a whole number"],
    [{ max_completion_tokens: -1 }, "max_completion_tokens: max_completion_tokens must be at least 1"],
    [{ temperature: 3 }, expect.stringMatching(/^temperature: /)],
    [
      { tools: [{ type: "function", function: { name: "f" } }] },
      "tools: tools are not supported: the bot's flow decides which tools it uses",
    ],
    [{ tool_choice: "required" }, expect.stringMatching(/^tool_choice: /)],
    [{ response_format: { type: "json_object" } }, expect.stringMatching(/^response_format: /)],
    [{ logprobs: true }, "logprobs: logprobs are not available from a bot"],
    [{ modalities: ["text", "audio"] }, expect.stringMatching(/^modalities: /)],
  ])("refuses %j", (extra, message) => {
    expect(refusal(extra)).toEqual([message]);
  });

  it("accepts what clients send by default, and neutral values", () => {
    for (const extra of [
      { n: 1, max_tokens: 256, temperature: 0.7, top_p: 1, stop: ["\n"], seed: 7 },
      {
        n: null,
        max_tokens: null,
        tools: [],
        tool_choice: "none",
        response_format: { type: "text" },
        logprobs: false,
        modalities: ["text"],
      },
    ])
      expect(refusal(extra)).toBeNull();
  });

  it("names the refused field in OpenAI's error shape", async () => {
    const ours = Response.json(
      { error: { code: "BAD_REQUEST", message: "Invalid request: n: n must be 1", issues: [{ path: "n", message: "n must be 1" }] } },
      { status: 400 },
    );
    expect(await (await inOpenAiShape(ours)).json()).toEqual({
      error: { message: "Invalid request: n: n must be 1", type: "invalid_request_error", param: "n", code: null },
    });
  });
});

describe("OpenAI response shapes", () => {
  it("builds a chat.completion with usage", () => {
    expect(completionBody("run-1", "support", finished)).toMatchObject({
      id: "chatcmpl-run-1",
      object: "chat.completion",
      created: 1_700_000_000,
      choices: [{ index: 0, message: { role: "assistant", content: "Hi there" }, finish_reason: "stop" }],
      usage: { prompt_tokens: 7, completion_tokens: 2, total_tokens: 9 },
    });
  });

  it("streams a role chunk, content chunks, a stop chunk, usage when asked, then [DONE]", () => {
    const chunks = chunkEncoder("run-1", "support", true);
    const text = chunks.token("Hi") + chunks.token(" there") + chunks.finished(finished);
    const events = text
      .trim()
      .split("\n\n")
      .map((line) => line.replace(/^data: /, ""));
    expect(events.at(-1)).toBe("[DONE]");
    const parsed = events
      .slice(0, -1)
      .map((event) => JSON.parse(event) as { choices: { delta: object; finish_reason: string | null }[]; usage: unknown });
    expect(parsed.map((chunk) => chunk.choices[0]?.delta)).toEqual([
      { role: "assistant", content: "" },
      { content: "Hi" },
      { content: " there" },
      {},
      undefined,
    ]);
    expect(parsed[3]!.choices[0]!.finish_reason).toBe("stop");
    expect(parsed[4]).toMatchObject({ choices: [], usage: { total_tokens: 9 } });
  });

  it("reports a failed run as an error event, without [DONE]", () => {
    const text = chunkEncoder("run-1", "support", false).finished({ ...finished, status: "FAILED", output: null, error: "provider down" });
    expect(text).toBe(
      `data: ${JSON.stringify({ error: { message: "The bot failed: provider down", type: "server_error", param: null, code: null } })}\n\n`,
    );
  });

  it("rewrites our error answers in OpenAI's error shape, keeping status and headers", async () => {
    const ours = Response.json(
      { error: { code: "RATE_LIMITED", message: "Too many requests" } },
      { status: 429, headers: { "Retry-After": "3" } },
    );
    const theirs = await inOpenAiShape(ours);
    expect(theirs.status).toBe(429);
    expect(theirs.headers.get("retry-after")).toBe("3");
    expect(await theirs.json()).toEqual({
      error: { message: "Too many requests", type: "requests", param: null, code: "rate_limit_exceeded" },
    });
  });
});
