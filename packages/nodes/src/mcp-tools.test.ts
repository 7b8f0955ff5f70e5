import type { EngineServices, ToolHandle } from "@switchyard/engine";
import { createMcpAccess } from "@switchyard/net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startMcpFixture, type McpFixture } from "../../../test/fixtures/mcp/server";
import { mcpTools } from "./mcp-tools";

let fixture: McpFixture;
let guarded: McpFixture;
beforeAll(async () => {
  fixture = await startMcpFixture();
  guarded = await startMcpFixture({ requireToken: "mcp-token" });
});
afterAll(async () => {
  await fixture?.close();
  await guarded?.close();
});

const allowLoopback: EngineServices = {
  models: undefined as never,
  mcp: createMcpAccess({ allowedHosts: ["127.0.0.1"] }),
  secrets: { httpHeader: async () => ({ name: "Authorization", value: "Bearer mcp-token", allowedHosts: [] }) },
};
const nobody: EngineServices = { models: undefined as never, mcp: createMcpAccess({ allowedHosts: [] }) };
const signal = new AbortController().signal;

const run = async (config: Record<string, unknown>, services: EngineServices = allowLoopback) =>
  (
    await mcpTools.execute({
      nodeId: "mcp",
      config: mcpTools.config.parse(config),
      inputs: {},
      run: { id: "r", input: { message: "m" }, spentUsd: () => 0 },
      services,
      signal,
      emit: () => undefined,
      recordStep: () => "",
    })
  ).outputs.tools as ToolHandle[];

describe("MCP tools node", () => {
  it("lists a streamable-HTTP server's tools as handles with provider-safe names and calls them", async () => {
    const tools = await run({ url: `${fixture.url}/mcp`, toolPrefix: "shop_" });
    expect(tools.map((tool) => tool.name)).toEqual(["shop_add", "shop_lookup_order", "shop_fail"]);
    const add = tools[0]!;
    expect(add.description).toBe("Adds two numbers");
    expect(add.parameters).toMatchObject({
      type: "object",
      properties: { a: { type: "number" }, b: { type: "number" } },
      required: ["a", "b"],
    });
    expect(await add.invoke({ a: 2, b: 3 }, { signal })).toBe("5");
    expect(await tools[1]!.invoke({ id: "A-7" }, { signal })).toBe("Order A-7: shipped");
    expect(fixture.calls.slice(-2)).toEqual([
      { tool: "add", args: { a: 2, b: 3 }, authorization: undefined },
      { tool: "lookup.order", args: { id: "A-7" }, authorization: undefined },
    ]);
  });

  it("reports a tool's error result as a failure", async () => {
    const tools = await run({ url: `${fixture.url}/mcp` });
    await expect(tools.find((tool) => tool.name === "fail")!.invoke({}, { signal })).rejects.toThrow(
      "The MCP tool fail failed: The warehouse is closed",
    );
  });

  it("caches the tool list per server for a while", async () => {
    const config = { url: `${fixture.url}/mcp`, toolPrefix: "cached_" };
    await run(config);
    const listings = fixture.listings;
    await run(config);
    expect(fixture.listings).toBe(listings);
  });

  it("falls back to the HTTP+SSE transport", async () => {
    const tools = await run({ url: `${fixture.url}/sse`, toolPrefix: "sse_" });
    expect(tools.map((tool) => tool.name)).toEqual(["sse_add", "sse_lookup_order", "sse_fail"]);
    expect(await tools[0]!.invoke({ a: 40, b: 2 }, { signal })).toBe("42");
  });

  it("sends the HTTP credential's header to the server", async () => {
    await expect(run({ url: `${guarded.url}/mcp` }, { ...allowLoopback, secrets: undefined })).rejects.toThrow(
      /^Could not connect to the MCP server at 127\.0\.0\.1:\d+: .*unauthorized/,
    );
    const tools = await run({ url: `${guarded.url}/mcp`, httpCredentialId: "cred" });
    expect(await tools[0]!.invoke({ a: 1, b: 1 }, { signal })).toBe("2");
    expect(guarded.calls.at(-1)).toMatchObject({ tool: "add", authorization: "Bearer mcp-token" });
  });

  it("refuses to send a credential bound to other hosts to the server", async () => {
    const bound = { httpHeader: async () => ({ name: "Authorization", value: "Bearer mcp-token", allowedHosts: ["mcp.example.com"] }) };
    const calls = guarded.calls.length;
    await expect(
      run({ url: `${guarded.url}/mcp`, httpCredentialId: "cred", toolPrefix: "bound_" }, { ...allowLoopback, secrets: bound }),
    ).rejects.toThrow(/^The HTTP credential for the Authorization header may only be sent to mcp\.example\.com, not to 127\.0\.0\.1:\d+/);
    expect(guarded.calls.length).toBe(calls);
  });

  it("refuses a server on a private address unless the workspace allows it", async () => {
    await expect(run({ url: `${fixture.url}/mcp`, toolPrefix: "blocked_" }, nobody)).rejects.toThrow(
      "Blocked request to 127.0.0.1: 127.0.0.1 is a loopback address",
    );
    const port = new URL(fixture.url).port;
    await expect(run({ url: `http://localhost:${port}/mcp` }, nobody)).rejects.toThrow("Blocked request to localhost");
  });
});
