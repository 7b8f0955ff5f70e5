import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider } from "@opentelemetry/sdk-trace";
import type { RunRecord, StepRow } from "@switchyard/db";
import { describe, expect, it } from "vitest";
import { recordRunSpans } from "./run-spans";

const at = 1_765_000_000_000;
const run: RunRecord = {
  id: "run-1",
  workspaceId: "ws-1",
  botId: "bot-1",
  botVersionId: "ver-1",
  deploymentId: "dep-1",
  source: "WIDGET",
  sessionId: "widget:dep-1:secret-session-token",
  input: { message: "Weather in Oslo?" },
  status: "FAILED",
  output: null,
  error: "Code (format) failed: boom",
  tokensIn: 30,
  tokensOut: 8,
  costUsd: 0.0002,
  latencyMs: 900,
  createdAt: at,
  startedAt: at,
  finishedAt: at + 900,
};

const step = (fields: Partial<StepRow> & Pick<StepRow, "nodeId" | "nodeType">): StepRow => ({
  runId: run.id,
  status: "SUCCEEDED",
  input: {},
  output: null,
  error: null,
  provider: null,
  model: null,
  tokensIn: 0,
  tokensOut: 0,
  costUsd: 0,
  attempts: 1,
  detail: null,
  startedAt: at,
  finishedAt: at + 10,
  ...fields,
});

const steps: StepRow[] = [
  step({
    nodeId: "agent",
    nodeType: "agent",
    provider: "ANTHROPIC",
    model: "claude-haiku-4-5",
    tokensIn: 30,
    tokensOut: 8,
    costUsd: 0.0002,
    input: { prompt: "Weather in Oslo?" },
    output: { text: "Sunny" },
    detail: { attempts: [{ startedAt: at + 5, latencyMs: 300, target: "ANTHROPIC claude-haiku-4-5 (Key A)", member: "Key A" }] },
    startedAt: at + 5,
    finishedAt: at + 700,
  }),
  step({
    nodeId: "agent/tool-1:get_weather",
    nodeType: "tool",
    input: { city: "Oslo" },
    output: { forecast: "sunny" },
    detail: { parentId: "agent" },
    startedAt: at + 320,
    finishedAt: at + 400,
  }),
  step({ nodeId: "format", nodeType: "code", status: "FAILED", error: "boom", startedAt: at + 700, finishedAt: at + 890 }),
];

function record(includeContents: boolean) {
  const exporter = new InMemorySpanExporter();
  const provider = new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter })] });
  recordRunSpans(
    provider.getTracer("test"),
    run,
    steps,
    { botName: "Weather", version: 3, deploymentSlug: "weather" },
    { includeContents },
  );
  const spans = exporter.getFinishedSpans();
  const named = (name: string) => spans.find((span) => span.name === name)!;
  return { spans, named };
}

describe("recordRunSpans", () => {
  it("hangs sub-steps under their node and attempts under their step, with the recorded times", () => {
    const { spans, named } = record(false);
    const root = named("invoke_workflow Weather");
    const agent = named("invoke_agent claude-haiku-4-5");
    const tool = named("execute_tool get_weather");
    const attempt = named("chat claude-haiku-4-5");
    expect(new Set(spans.map((span) => span.spanContext().traceId)).size).toBe(1);
    expect(root.parentSpanContext).toBeUndefined();
    expect(agent.parentSpanContext?.spanId).toBe(root.spanContext().spanId);
    expect(tool.parentSpanContext?.spanId).toBe(agent.spanContext().spanId);
    expect(attempt.parentSpanContext?.spanId).toBe(agent.spanContext().spanId);
    expect(tool.startTime).toEqual([Math.floor((at + 320) / 1000), ((at + 320) % 1000) * 1e6]);
    expect(agent.attributes).toMatchObject({
      "gen_ai.operation.name": "invoke_agent",
      "gen_ai.provider.name": "anthropic",
      "gen_ai.request.model": "claude-haiku-4-5",
      "gen_ai.usage.input_tokens": 30,
    });
    expect(attempt.attributes).toMatchObject({ "gen_ai.request.model": "claude-haiku-4-5", "switchyard.pool.member": "Key A" });
    expect(tool.attributes).toMatchObject({ "gen_ai.operation.name": "execute_tool", "gen_ai.tool.name": "get_weather" });
    expect(root.attributes).toMatchObject({
      "switchyard.bot.version": 3,
      "switchyard.deployment.slug": "weather",
      "switchyard.deployment.id": "dep-1",
      "switchyard.run.source": "WIDGET",
    });
  });

  it("marks what failed, and never puts the session token in the trace", () => {
    const { spans, named } = record(false);
    expect(named("code format").status).toEqual({ code: 2, message: "boom" });
    expect(named("invoke_workflow Weather").status.code).toBe(2);
    expect(named("invoke_workflow Weather").attributes["gen_ai.conversation.id"]).toMatch(/^[0-9a-f]{32}$/);
    expect(JSON.stringify(spans.map((span) => span.attributes))).not.toContain("secret-session-token");
    expect(JSON.stringify(spans.map((span) => span.attributes))).not.toContain("Oslo");
  });

  it("adds tool arguments and results, prompts and replies when contents are on", () => {
    const { named } = record(true);
    expect(named("execute_tool get_weather").attributes).toMatchObject({
      "gen_ai.tool.call.arguments": '{"city":"Oslo"}',
      "gen_ai.tool.call.result": '{"forecast":"sunny"}',
    });
    expect(JSON.parse(String(named("invoke_agent claude-haiku-4-5").attributes["gen_ai.output.messages"]))).toEqual([
      { role: "assistant", parts: [{ type: "text", content: "Sunny" }], finish_reason: "stop" },
    ]);
  });
});
