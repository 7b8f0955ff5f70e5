import http from "node:http";
import type { AddressInfo } from "node:net";
import { isToolHandle, type EngineServices, type ToolHandle } from "@switchyard/engine";
import { createNetworkAccess } from "@switchyard/net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { httpRequest } from "./http-request";

let server: http.Server;
let base = "";
const seen: { method?: string; url?: string; headers: http.IncomingHttpHeaders; body: string }[] = [];

beforeAll(async () => {
  server = http.createServer((request, response) => {
    let body = "";
    request.on("data", (chunk: Buffer) => (body += chunk.toString()));
    request.on("end", () => {
      seen.push({ method: request.method, url: request.url, headers: request.headers, body });
      if (request.url?.startsWith("/slow")) return setTimeout(() => response.end("{}"), 2_000);
      if (request.url?.startsWith("/text")) return response.end("plain words");
      if (request.url?.startsWith("/stream")) {
        // chunked, no content-length: the cap has to count as it reads
        for (let i = 0; i < 100; i++) response.write("x".repeat(1_000));
        return response.end();
      }
      response.setHeader("content-type", "application/json");
      response.end(JSON.stringify({ url: request.url, body: body ? JSON.parse(body) : null }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

const secrets = { httpHeader: async (id: string) => ({ name: "Authorization", value: `Bearer token-for-${id}`, allowedHosts: [] }) };
const allowLoopback: EngineServices = {
  models: undefined as never,
  network: createNetworkAccess({ allowedHosts: ["127.0.0.1"] }),
  secrets,
};

const run = (config: Record<string, unknown>, inputs: Record<string, unknown>, services: EngineServices = allowLoopback) =>
  httpRequest.execute({
    nodeId: "h",
    config: httpRequest.config.parse(config),
    inputs,
    run: { id: "r", input: { message: "hi there" }, spentUsd: () => 0 },
    services,
    signal: new AbortController().signal,
    emit: () => undefined,
    recordStep: () => "",
  });

describe("HTTP request node", () => {
  it("fills URL and JSON body templates from its input, escaping each for where it lands", async () => {
    const { outputs } = await run(
      { method: "POST", url: `${base}/orders/{{id}}?q={{query}}`, body: '{"note": "{{note}}", "message": "{{message}}"}' },
      { input: { id: "a/b", query: "x&y=1", note: 'say "hi"' } },
    );
    expect(outputs.response).toMatchObject({
      status: 200,
      body: { url: "/orders/a%2Fb?q=x%26y%3D1", body: { note: 'say "hi"', message: "hi there" } },
    });
    expect(seen.at(-1)?.headers["content-type"]).toBe("application/json");
  });

  it("adds the credential's header and returns text when asked", async () => {
    const { outputs } = await run(
      { url: `${base}/text`, httpCredentialId: "cred1", responseType: "text", headers: { "X-Trace": "{{input}}" } },
      { input: "t-1" },
    );
    expect(outputs.response).toMatchObject({ status: 200, body: "plain words" });
    expect(seen.at(-1)?.headers).toMatchObject({ authorization: "Bearer token-for-cred1", "x-trace": "t-1" });
  });

  it("offers a tool whose parameters are the template's variables and whose invoke sends the request", async () => {
    const { outputs } = await run({ url: `${base}/weather?city={{city}}`, toolName: "weather", toolDescription: "Weather for a city" }, {});
    expect(outputs.response).toBeUndefined();
    const tool = outputs.tool as ToolHandle;
    expect(isToolHandle(tool)).toBe(true);
    expect(tool).toMatchObject({
      name: "weather",
      description: "Weather for a city",
      parameters: { type: "object", properties: { city: { type: "string" } }, required: ["city"] },
    });
    expect(await tool.invoke({ city: "Oslo" }, { signal: new AbortController().signal })).toMatchObject({
      body: { url: "/weather?city=Oslo" },
    });
  });

  it("refuses loopback unless the workspace allows it", async () => {
    await expect(
      run({ url: `${base}/x` }, { input: "go" }, { models: undefined as never, network: createNetworkAccess({ allowedHosts: [] }) }),
    ).rejects.toThrow("Blocked request to 127.0.0.1: 127.0.0.1 is a loopback address");
  });

  it("stops at its timeout and at the response size cap", async () => {
    await expect(run({ url: `${base}/slow`, timeoutMs: 200 }, { input: "x" })).rejects.toThrow("The request timed out after 200 ms");
    await expect(run({ url: `${base}/stream`, responseType: "text", maxResponseBytes: 5_000 }, { input: "x" })).rejects.toThrow(
      "The response is larger than the limit of 5000 bytes",
    );
    await expect(run({ url: `${base}/big`, maxResponseBytes: 10 }, { input: "x" })).rejects.toThrow(
      "The response is larger than the limit of 10 bytes",
    );
  });

  it("says so when a JSON response is not JSON", async () => {
    await expect(run({ url: `${base}/text` }, { input: "x" })).rejects.toThrow(
      /Expected JSON from 127\.0\.0\.1:\d+ \(HTTP 200\) but got: plain words/,
    );
  });
});
