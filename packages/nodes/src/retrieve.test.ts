import { collectToolHandles, type EngineServices, type RetrievalRequest, type RetrievedChunk } from "@switchyard/engine";
import { describe, expect, it } from "vitest";
import { retrieve } from "./retrieve";

const chunk = (documentName: string, position: number, content: string, heading: string | null = null): RetrievedChunk => ({
  chunkId: `${documentName}-${position}`,
  documentId: `doc-${documentName}`,
  documentName,
  position,
  heading,
  content,
  score: 1,
});

function servicesWith(chunks: RetrievedChunk[]) {
  const requests: RetrievalRequest[] = [];
  const services = {
    models: {} as EngineServices["models"],
    retrieval: {
      retrieve: async (request: RetrievalRequest) => {
        requests.push(request);
        return chunks.slice(0, request.topK);
      },
    },
  } satisfies EngineServices;
  return { services, requests };
}

const run = (config: unknown, inputs: Record<string, unknown>, services: EngineServices) =>
  retrieve.execute({
    nodeId: "r",
    config: retrieve.config.parse(config),
    inputs,
    run: { id: "run", input: { message: "m" }, spentUsd: () => 0 },
    services,
    signal: new AbortController().signal,
    emit: () => undefined,
    recordStep: () => "r/step",
  });

describe("retrieve node", () => {
  const found = [chunk("policy.md", 2, "Refunds take five days.", "Refunds › Timing"), chunk("faq.pdf", 0, "Keep your receipt.")];

  it("searches the configured store and outputs passages with their sources and a cited text", async () => {
    const { services, requests } = servicesWith(found);
    const result = await run({ storeId: "s1", topK: 2 }, { query: "  how long do refunds take? " }, services);
    expect(requests).toEqual([{ storeId: "s1", query: "how long do refunds take?", topK: 2, mode: "hybrid" }]);
    expect(result.outputs.documents).toEqual(found);
    expect(result.outputs.text).toBe(
      "[1] policy.md § Refunds › Timing (part 3)\nRefunds take five days.\n\n[2] faq.pdf (part 1)\nKeep your receipt.",
    );
  });

  it("offers a search tool an agent can call with a query", async () => {
    const { services, requests } = servicesWith(found);
    const result = await run({ storeId: "s1", mode: "fulltext", toolName: "search_policies" }, {}, services);
    expect(requests).toEqual([]); // no query connected: nothing searched until the agent asks
    const [tool] = collectToolHandles(result.outputs.tool);
    expect(tool).toMatchObject({ name: "search_policies", parameters: { required: ["query"] } });
    const answer = await tool!.invoke({ query: "refunds" }, { signal: new AbortController().signal });
    expect(answer).toContain("[1] policy.md § Refunds › Timing (part 3)");
    expect(requests).toEqual([{ storeId: "s1", query: "refunds", topK: 5, mode: "fulltext" }]);
    await expect(tool!.invoke({ query: " " }, { signal: new AbortController().signal })).rejects.toThrow(/query must not be empty/);
  });

  it("says so when nothing matches, through the tool", async () => {
    const { services } = servicesWith([]);
    const [tool] = collectToolHandles((await run({ storeId: "s1" }, {}, services)).outputs.tool);
    expect(await tool!.invoke({ query: "x" }, { signal: new AbortController().signal })).toBe(
      "Nothing in the knowledge base matches that query.",
    );
  });

  it("requires a store and rejects an invalid tool name", () => {
    expect(retrieve.config.safeParse({}).error?.issues[0]?.message).toBe("Choose a context store");
    expect(retrieve.config.safeParse({ storeId: "s", toolName: "has space" }).success).toBe(false);
  });

  it("fails clearly where no context stores are wired", async () => {
    await expect(run({ storeId: "s1" }, { query: "q" }, { models: {} as EngineServices["models"] })).rejects.toThrow(
      "Context stores are not available where this flow runs",
    );
  });
});
