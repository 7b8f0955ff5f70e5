// Searches a context store for the chunks that best match a query. Its outputs carry each chunk's
// source document and position so a reply can cite them, and a tool an Agent can call to search itself.
import { defineNode, optionLabels, reference, type EngineServices, type RetrievedChunk, type ToolHandle } from "@switchyard/engine";
import { z } from "zod";

export const retrieveConfigSchema = z.object({
  storeId: z
    .string({ error: "Choose a context store" })
    .min(1, "Choose a context store")
    .meta({ title: "Context store", ...reference("contextStore") }),
  topK: z.number().int().min(1).max(50).default(5).meta({ title: "Passages to return" }),
  mode: z
    .enum(["hybrid", "fulltext", "vector"])
    .default("hybrid")
    .meta({
      title: "Mode",
      ...optionLabels({ hybrid: "Hybrid (keywords and meaning)", fulltext: "Full text (keywords)", vector: "Vector (meaning)" }),
    }),
  /** The name the tool has for an Agent's model. */
  toolName: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,64}$/, "Letters, digits, _ and - only, at most 64")
    .default("search_knowledge")
    .meta({ title: "Tool name (for agents)" }),
});

type RetrieveConfig = z.infer<typeof retrieveConfigSchema>;

/** Numbered passages with their sources; a prompt can ask the model to cite them as [1], [2]. */
export function renderCitations(chunks: RetrievedChunk[]): string {
  return chunks
    .map((chunk, index) => {
      const section = chunk.heading ? ` § ${chunk.heading}` : "";
      return `[${index + 1}] ${chunk.documentName}${section} (part ${chunk.position + 1})\n${chunk.content}`;
    })
    .join("\n\n");
}

function retrieval(services: EngineServices) {
  if (!services.retrieval) throw new Error("Context stores are not available where this flow runs");
  return services.retrieval;
}

const toolArguments = z.object({ query: z.string().trim().min(1, "query must not be empty").max(2_000) });

function searchTool(config: RetrieveConfig, services: EngineServices): ToolHandle {
  return {
    name: config.toolName,
    description: "Searches the knowledge base and returns numbered passages with their source document, to quote and cite.",
    parameters: {
      type: "object",
      properties: { query: { type: "string", description: "What to look for, in a few words or a question" } },
      required: ["query"],
      additionalProperties: false,
    },
    async invoke(args, { signal, reportSource }) {
      const { query } = toolArguments.parse(args);
      const chunks = await retrieval(services).retrieve(
        { storeId: config.storeId, query, topK: config.topK, mode: config.mode },
        { signal },
      );
      reportSource?.({ documents: [...new Set(chunks.map((chunk) => chunk.documentName))] });
      return chunks.length ? renderCitations(chunks) : "Nothing in the knowledge base matches that query.";
    },
  };
}

export const retrieve = defineNode({
  type: "retrieve",
  label: "Retrieve",
  category: "Context",
  description: "Finds the passages of a context store that best match the query, with their sources for citations.",
  inputs: [{ name: "query", label: "Query", type: "text" }],
  outputs: [
    { name: "documents", label: "Passages", type: "documents" },
    { name: "text", label: "Cited text", type: "text" },
    { name: "tool", label: "Search tool", type: "tool" },
  ],
  config: retrieveConfigSchema,
  async execute({ config, inputs, services, signal }) {
    const tool = searchTool(config, services);
    const query = typeof inputs.query === "string" ? inputs.query.trim() : "";
    // connected only as an Agent's tool: nothing to search yet
    if (!query) return { outputs: { documents: [], text: "", tool } };
    const documents = await retrieval(services).retrieve(
      { storeId: config.storeId, query, topK: config.topK, mode: config.mode },
      { signal },
    );
    return { outputs: { documents, text: renderCitations(documents), tool } };
  },
});
