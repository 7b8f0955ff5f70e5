import { startProviderFixture } from "../test/fixtures/providers/server";
import { createModelGateway, ModelCatalog } from "@switchyard/providers";

const fixture = await startProviderFixture({ reply: "alpha beta gamma delta" });
const body = JSON.stringify({ model: "fixture-small", stream: true, messages: [{ role: "user", content: "bench" }] });
async function raw() {
  const r = await fetch(`${fixture.url}/v1/chat/completions`, { method: "POST", headers: { "content-type": "application/json" }, body });
  await r.text();
}
const gateway = createModelGateway({
  resolveCredential: async () => ({ kind: "OPENAI_COMPATIBLE", baseUrl: `${fixture.url}/v1` }),
  catalog: new ModelCatalog(),
});
const gen = (stream: boolean) =>
  gateway.generate(
    { credentialId: "x", model: "fixture-small", messages: [{ role: "user", content: "bench" }], timeoutMs: 10000, maxRetries: 0, stream },
    { signal: new AbortController().signal, onToken: () => {} },
  );
async function time(label: string, fn: () => Promise<unknown>, n = 300) {
  for (let i = 0; i < 30; i++) await fn();
  const t = performance.now();
  for (let i = 0; i < n; i++) await fn();
  console.log(label, ((performance.now() - t) / n).toFixed(3), "ms");
}
await time("raw fetch stream", raw);
await time("gateway stream", () => gen(true));
await time("gateway stream again", () => gen(true), 1000);
await time("gateway no-stream", () => gen(false));
await fixture.close();
import { createOpenAICompatible } from "@ai-sdk/openai-compatible";
import { streamText } from "ai";
const f2 = await startProviderFixture({ reply: "alpha beta gamma delta" });
const provider = createOpenAICompatible({ name: "x", baseURL: `${f2.url}/v1`, includeUsage: true });
const model = provider.chatModel("fixture-small");
await time("doStream direct", async () => {
  const { stream } = await model.doStream({ prompt: [{ role: "user", content: [{ type: "text", text: "bench" }] }] } as never);
  const reader = stream.getReader();
  for (;;) {
    const { done } = await reader.read();
    if (done) break;
  }
});
await time("streamText textStream", async () => {
  const r = streamText({ model, prompt: "bench", maxRetries: 0 });
  for await (const _ of r.textStream) {
    void _;
  }
});
await time("streamText fullStream", async () => {
  const r = streamText({ model, prompt: "bench", maxRetries: 0 });
  for await (const _ of r.fullStream) {
    void _;
  }
});
await f2.close();
const f3 = await startProviderFixture({ reply: "alpha beta gamma delta" });
const model3 = createOpenAICompatible({ name: "x", baseURL: `${f3.url}/v1`, includeUsage: true }).chatModel("fixture-small");
await time("streamText + plain abortSignal", async () => {
  const r = streamText({ model: model3, prompt: "bench", maxRetries: 0, abortSignal: new AbortController().signal });
  for await (const _ of r.fullStream) {
    void _;
  }
});
await time("streamText + any(timeout)", async () => {
  const r = streamText({
    model: model3,
    prompt: "bench",
    maxRetries: 0,
    abortSignal: AbortSignal.any([new AbortController().signal, AbortSignal.timeout(10000)]),
  });
  for await (const _ of r.fullStream) {
    void _;
  }
});
await time("streamText + messages/system", async () => {
  const r = streamText({
    model: model3,
    system: undefined,
    messages: [{ role: "user", content: "bench" }],
    maxRetries: 0,
    onError: () => undefined,
  });
  for await (const _ of r.fullStream) {
    void _;
  }
});
await time("fullStream again", async () => {
  const r = streamText({ model: model3, prompt: "bench", maxRetries: 0 });
  for await (const _ of r.fullStream) {
    void _;
  }
});
await f3.close();
