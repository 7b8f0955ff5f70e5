import type { ModelRequest, RunPausedSignal, ToolHandle } from "@switchyard/engine";
import { describe, expect, it } from "vitest";
import { agent } from "./agent";
import { runNode, scriptedModels } from "./shared/test-support";

const weather: ToolHandle = {
  name: "get_weather",
  description: "Weather for a city",
  parameters: { type: "object", properties: { city: { type: "string" } }, required: ["city"] },
  invoke: async (args) => ({ city: (args as { city: string }).city, celsius: 21 }),
};
const broken: ToolHandle = {
  name: "lookup",
  description: "Always fails",
  parameters: { type: "object" },
  invoke: async () => {
    throw new Error("index offline");
  },
};
const config = { credentialId: "c", model: "m" };
const lastMessage = (request: ModelRequest) => request.messages.at(-1)!;

describe("agent", () => {
  it("calls the tools the model asks for, feeds their results back, and answers", async () => {
    const models = scriptedModels((request) => {
      const last = lastMessage(request);
      if (last.role === "user")
        return {
          toolCalls: [
            { id: "1", name: "get_weather", arguments: { city: "Paris" } },
            { id: "2", name: "lookup", arguments: {} },
          ],
        };
      return { text: "It is 21 °C in Paris." };
    });
    const { result, steps } = await runNode(agent, config, { prompt: "Weather in Paris?", tools: [weather, [broken]] }, { models });

    expect(result.outputs).toEqual({ text: "It is 21 °C in Paris." });
    expect(result.usage).toMatchObject({ tokensIn: 20, tokensOut: 10, costUsd: 0.002, attempts: 2 });
    expect(result.note).toBe("Answered after 2 model turns");
    expect(models.requests[0]!.tools).toEqual([
      { name: "get_weather", description: "Weather for a city", parameters: weather.parameters },
      { name: "lookup", description: "Always fails", parameters: { type: "object" } },
    ]);
    const boundary = (result.detail as { dataBoundary: string }).dataBoundary;
    expect(boundary).toMatch(/^[0-9a-f]{24}$/);
    expect(models.requests[1]!.messages.slice(1)).toEqual([
      {
        role: "assistant",
        content: "",
        toolCalls: [
          { id: "1", name: "get_weather", arguments: { city: "Paris" } },
          { id: "2", name: "lookup", arguments: {} },
        ],
      },
      {
        role: "tool",
        toolCallId: "1",
        toolName: "get_weather",
        result: `<untrusted-${boundary} source="tool get_weather">\n{"city":"Paris","celsius":21}\n</untrusted-${boundary}>`,
      },
      { role: "tool", toolCallId: "2", toolName: "lookup", result: "index offline", isError: true },
    ]);
    expect(steps.map((step) => [step.kind, step.name, step.status, step.input, step.output, step.error])).toEqual([
      [
        "tool",
        "get_weather",
        "SUCCEEDED",
        { arguments: { city: "Paris" } },
        { result: { city: "Paris", celsius: 21 }, source: { tool: "get_weather" }, markedAsData: true },
        undefined,
      ],
      ["tool", "lookup", "FAILED", { arguments: {} }, { source: { tool: "lookup" } }, "index offline"],
    ]);
  });

  it("tells the model about a tool that does not exist instead of failing", async () => {
    const models = scriptedModels((request) =>
      lastMessage(request).role === "user" ? { toolCalls: [{ id: "x", name: "delete_everything", arguments: {} }] } : { text: "done" },
    );
    const { result, steps } = await runNode(agent, config, { prompt: "go", tools: [weather] }, { models });
    expect(result.outputs.text).toBe("done");
    expect(steps[0]).toMatchObject({ status: "FAILED", error: 'there is no tool named "delete_everything"; available: get_weather' });
  });

  it("stops at its step limit when the model keeps calling tools", async () => {
    const models = scriptedModels(() => ({ toolCalls: [{ id: "1", name: "get_weather", arguments: { city: "Oslo" } }] }));
    await expect(runNode(agent, { ...config, maxSteps: 3 }, { prompt: "loop", tools: [weather] }, { models })).rejects.toThrow(
      "the agent reached its limit of 3 model turns while still calling tools",
    );
    expect(models.requests).toHaveLength(3);
  });

  it("refuses two tools with the same name, and cuts huge results", async () => {
    await expect(runNode(agent, config, { prompt: "x", tools: [weather, weather] })).rejects.toThrow(
      'two connected tools are named "get_weather"; tool names must be unique',
    );
    const huge: ToolHandle = { ...weather, name: "dump", invoke: async () => "y".repeat(60_000) };
    const models = scriptedModels((request) =>
      lastMessage(request).role === "user" ? { toolCalls: [{ id: "1", name: "dump", arguments: {} }] } : { text: "ok" },
    );
    const { steps } = await runNode(agent, config, { prompt: "x", tools: [huge] }, { models });
    expect(String(steps[0]!.output!.result)).toMatch(/… \[cut at 50000 characters\]$/);
    expect(String(steps[0]!.output!.result).length).toBeLessThan(50_100);
  });

  it("answers without tools when none are connected", async () => {
    const models = scriptedModels(() => ({ text: "plain answer" }));
    const { result, steps } = await runNode(agent, config, { prompt: "hi" }, { models });
    expect(result.outputs.text).toBe("plain answer");
    expect(models.requests[0]!.tools).toEqual([]);
    expect(steps).toEqual([]);
  });
});

describe("agent tool approval", () => {
  const sendMail: ToolHandle = {
    name: "send_mail",
    description: "Sends an email",
    parameters: { type: "object", properties: { to: { type: "string" } }, required: ["to"] },
    sideEffects: true,
    invoke: async (args) => ({ sent: (args as { to: string }).to }),
  };
  const approvalConfig = { ...config, approveTools: "side_effects" };
  const models = () =>
    scriptedModels((request) =>
      lastMessage(request).role === "user"
        ? {
            toolCalls: [
              { id: "1", name: "get_weather", arguments: { city: "Oslo" } },
              { id: "2", name: "send_mail", arguments: { to: "a@x.io" } },
            ],
          }
        : { text: `done: ${JSON.stringify(lastMessage(request))}` },
    );

  it("runs read-only tools, then pauses before a tool with side effects, saving where it stands", async () => {
    const paused = await runNode(
      agent,
      approvalConfig,
      { prompt: "Mail the weather", tools: [weather, sendMail] },
      { models: models() },
    ).catch((error: unknown) => error);
    const { pause } = paused as RunPausedSignal;
    expect(pause.key).toBe("call-2");
    expect(pause.request).toMatchObject({ kind: "tool", proposed: { to: "a@x.io" }, timeoutAction: "reject" });
    expect(JSON.parse(pause.request.valueSchema!)).toEqual(sendMail.parameters);
    expect(pause.state).toMatchObject({ turn: 1, calls: 1, pending: [{ id: "2", name: "send_mail" }] });
  });

  it("resumes from its saved state with the edited arguments, recording who approved", async () => {
    const first = models();
    const paused = (await runNode(agent, approvalConfig, { prompt: "Mail", tools: [weather, sendMail] }, { models: first }).catch(
      (error: unknown) => error,
    )) as RunPausedSignal;
    const second = models();
    const approved = {
      action: "approve",
      value: { to: "b@x.io" },
      comment: null,
      changed: true,
      answeredBy: "bo@example.com",
      answeredVia: "APP" as const,
      answeredAt: Date.now(),
    };
    const { result, steps } = await runNode(
      agent,
      approvalConfig,
      { prompt: "Mail", tools: [weather, sendMail] },
      {
        models: second,
        savedState: JSON.parse(JSON.stringify(paused.pause.state)),
        answers: { "call-2": approved },
      },
    );
    expect(second.requests).toHaveLength(1); // the first model turn is not repeated
    // the approved call's result is marked as data with the boundary the paused agent used, and the
    // limit guard carries on from the counts it had (both calls of the first turn)
    const { boundary } = paused.pause.state as { boundary: string };
    const toolMessage = JSON.parse(String(result.outputs.text).slice("done: ".length)) as { result: string };
    expect(toolMessage.result).toMatch(
      new RegExp(`^<untrusted-${boundary} source="tool send_mail">\n\\{"sent":"b@x\\.io"\\}\n</untrusted-${boundary}>$`),
    );
    expect(result.detail).toMatchObject({ dataBoundary: boundary, toolCalls: 2 });
    expect(result.usage).toMatchObject({ tokensIn: 20, attempts: 2 });
    expect(steps.map((step) => [step.kind, step.name])).toEqual([
      ["approval", "send_mail"],
      ["tool", "send_mail"],
    ]);
    expect(steps[0]!.output).toMatchObject({ action: "approve", arguments: { to: "b@x.io" }, changed: true, answeredBy: "bo@example.com" });
  });

  it("tells the model a rejected call did not happen, and never calls the tool", async () => {
    const invoked: unknown[] = [];
    const guarded = { ...sendMail, invoke: async (args: unknown) => invoked.push(args) };
    const rejected = {
      action: "reject",
      value: {},
      comment: "wrong person",
      changed: false,
      answeredBy: "bo",
      answeredVia: "APP" as const,
      answeredAt: 1,
    };
    const { result } = await runNode(
      agent,
      { ...config, approveTools: "all" },
      { prompt: "Mail", tools: [guarded] },
      {
        models: scriptedModels((request) =>
          lastMessage(request).role === "user"
            ? { toolCalls: [{ id: "9", name: "send_mail", arguments: { to: "z" } }] }
            : { text: JSON.stringify(lastMessage(request)) },
        ),
        answers: { "call-1": rejected },
      },
    );
    expect(invoked).toEqual([]);
    expect(JSON.parse(result.outputs.text as string)).toMatchObject({
      isError: true,
      result: expect.stringContaining("did not approve this call (wrong person)"),
    });
  });
});
