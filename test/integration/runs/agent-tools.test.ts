// The Agent node's tool loop through the real engine and model gateway, against each provider's wire
// format (OpenAI, Anthropic, Ollama; streaming and not): the model's tool call reaches a tool, its
// result goes back in the provider's own shape, and every call is a sub-step of the trace. The tool is
// test-local (tool nodes live on other branches); everything else is the production code path.
import { compileFlow, createRegistry, defineNode, executeFlow, type NodeDefinition, type ToolHandle } from "@switchyard/engine";
import { nodeDefinitions } from "@switchyard/nodes";
import { ModelCatalog, createModelGateway, type ProviderCredential } from "@switchyard/providers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { startProviderFixture, type ProviderFixture } from "../../fixtures/providers/server";

let fixture: ProviderFixture;
const calls: unknown[] = [];

const weatherTool = defineNode({
  type: "test-weather-tool",
  label: "Weather tool",
  category: "Tools",
  description: "",
  inputs: [],
  outputs: [{ name: "tool", label: "Tool", type: "tool" }],
  config: z.object({}),
  async execute() {
    const handle: ToolHandle = {
      name: "get_weather",
      description: "Current weather for a city",
      parameters: { type: "object", properties: { city: { type: "string" } }, required: ["city"] },
      invoke: async (args) => {
        calls.push(args);
        return { city: (args as { city: string }).city, sky: "sunny" };
      },
    };
    return { outputs: { tool: handle } };
  },
});
const registry = createRegistry([...nodeDefinitions, weatherTool] as NodeDefinition[]);

function agentFlow(stream: boolean) {
  const compiled = compileFlow(
    {
      nodes: [
        { id: "input", type: "chat-input", config: {}, position: { x: 0, y: 0 } },
        { id: "weather", type: "test-weather-tool", config: {}, position: { x: 0, y: 0 } },
        {
          id: "agent",
          type: "agent",
          config: { credentialId: "cred", model: "fixture-small", stream, maxRetries: 0 },
          position: { x: 0, y: 0 },
        },
        { id: "output", type: "chat-output", config: {}, position: { x: 0, y: 0 } },
      ],
      edges: [
        { id: "e1", source: "input", sourceHandle: "message", target: "agent", targetHandle: "prompt" },
        { id: "e2", source: "weather", sourceHandle: "tool", target: "agent", targetHandle: "tools" },
        { id: "e3", source: "agent", sourceHandle: "text", target: "output", targetHandle: "text" },
      ],
    },
    registry,
  );
  if (!compiled.ok) throw new Error(JSON.stringify(compiled.problems));
  return compiled.flow;
}

beforeAll(async () => {
  fixture = await startProviderFixture({});
});
afterAll(async () => {
  await fixture?.close();
});

describe("agent tool calls over the wire", () => {
  const credentials = (): [string, ProviderCredential][] => [
    ["OPENAI", { kind: "OPENAI", baseUrl: `${fixture.url}/v1`, apiKey: "k" }],
    ["ANTHROPIC", { kind: "ANTHROPIC", baseUrl: `${fixture.url}/anthropic/v1`, apiKey: "k" }],
    ["OLLAMA", { kind: "OLLAMA", baseUrl: fixture.url }],
  ];

  for (const stream of [true, false])
    it(`runs the tool the model asks for and answers with its result (${stream ? "streaming" : "not streaming"})`, async () => {
      for (const [kind, credential] of credentials()) {
        calls.length = 0;
        const before = fixture.requests.length;
        const models = createModelGateway({ resolveCredential: async () => credential, catalog: new ModelCatalog() });
        const result = await executeFlow(agentFlow(stream), {
          runId: `agent-${kind}`,
          input: { message: 'What is the weather? call:get_weather {"city":"Paris"}' },
          services: { models },
        });
        expect(result, kind).toMatchObject({ status: "SUCCEEDED", error: null });
        expect(calls, kind).toEqual([{ city: "Paris" }]);
        // the fixture echoes the tool result it received in the provider's own tool-result shape: marked as data
        expect(result.output, kind).toMatch(
          /^Tool result: <untrusted-([0-9a-f]{24}) source="tool get_weather">\n.*"sky":\s*"sunny".*\n<\/untrusted-\1>$/,
        );
        const toolStep = result.steps.find((step) => step.nodeId === "agent/tool-1:get_weather");
        expect(toolStep, kind).toMatchObject({
          status: "SUCCEEDED",
          input: { arguments: { city: "Paris" } },
          output: { result: { city: "Paris", sky: "sunny" } },
        });
        const agentStep = result.steps.find((step) => step.nodeId === "agent")!;
        expect(agentStep, kind).toMatchObject({ status: "SUCCEEDED", provider: kind, model: "fixture-small" });
        expect(agentStep.tokensIn, kind).toBeGreaterThan(0);
        expect(agentStep.detail, kind).toMatchObject({ modelTurns: 2, tools: ["get_weather"] });
        const sent = fixture.requests.slice(before).map((request) => JSON.stringify(request.body));
        expect(sent, kind).toHaveLength(2);
        expect(sent[0], kind).toContain("get_weather");
        expect(sent[1], kind).toContain("sunny");
      }
    });
});
