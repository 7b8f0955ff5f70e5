// "Test connection": the models a provider really serves, read through each wire format's own
// models endpoint on the loopback fixture; a dead URL or a refused key is an error people can read.
import { createServer } from "node:net";
import { ConnectionTestError, listProviderModels } from "@switchyard/providers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startProviderFixture, type ProviderFixture } from "../fixtures/providers/server";

let fixture: ProviderFixture;
beforeAll(async () => {
  fixture = await startProviderFixture({ models: ["llama3.1:8b", "qwen2.5:7b"], apiKey: "sk-right" });
});
afterAll(async () => fixture?.close());

/** A loopback port nothing listens on. */
async function deadPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe("listing a provider's models", () => {
  it("reads OpenAI-compatible /models, Ollama /api/tags and Anthropic /v1/models", async () => {
    const served = ["llama3.1:8b", "qwen2.5:7b"];
    expect(await listProviderModels({ kind: "OPENAI_COMPATIBLE", baseUrl: `${fixture.url}/v1`, apiKey: "sk-right" })).toEqual(served);
    expect(await listProviderModels({ kind: "OLLAMA", baseUrl: `${fixture.url}/ollama`, apiKey: "sk-right" })).toEqual(served);
    expect(await listProviderModels({ kind: "ANTHROPIC", baseUrl: `${fixture.url}/anthropic/v1`, apiKey: "sk-right" })).toEqual(served);
  });

  it("says the key was refused, and that a dead address could not be reached", async () => {
    await expect(listProviderModels({ kind: "OPENAI_COMPATIBLE", baseUrl: `${fixture.url}/v1`, apiKey: "sk-wrong" })).rejects.toThrow(
      "The provider refused the API key",
    );
    const port = await deadPort();
    const dead = listProviderModels({ kind: "OPENAI_COMPATIBLE", baseUrl: `http://127.0.0.1:${port}/v1` });
    await expect(dead).rejects.toBeInstanceOf(ConnectionTestError);
    await expect(dead).rejects.toThrow(`Could not reach http://127.0.0.1:${port}: connect ECONNREFUSED`);
  });
});
