// The flow as a file: what Export writes and Import accepts. Import refuses anything it cannot fully
// understand, so a bad file never replaces a working flow.
import { flowGraphSchema, type FlowGraph } from "@switchyard/engine";
import { nodeRegistry } from "@switchyard/nodes";
import { z } from "zod";

const FORMAT = "switchyard.flow";

const fileSchema = z.object({
  format: z.literal(FORMAT, { error: `Not a Switchyard flow file (expected "format": "${FORMAT}")` }),
  version: z.literal(1, { error: "This flow file was written by a newer version of Switchyard" }),
  name: z.string().optional(),
  graph: flowGraphSchema,
});

export function exportFlowFile(name: string, graph: FlowGraph): string {
  return JSON.stringify({ format: FORMAT, version: 1, name, exportedAt: new Date().toISOString(), graph }, null, 2);
}

export function parseFlowFile(text: string): { ok: true; graph: FlowGraph; name?: string } | { ok: false; error: string } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, error: "The file is not valid JSON" };
  }
  const parsed = fileSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return { ok: false, error: `${issue.path.length ? `${issue.path.join(".")}: ` : ""}${issue.message}` };
  }
  const unknown = [...new Set(parsed.data.graph.nodes.map((node) => node.type).filter((type) => !nodeRegistry.has(type)))];
  if (unknown.length) return { ok: false, error: `The file uses node types this installation does not have: ${unknown.join(", ")}` };
  return { ok: true, graph: parsed.data.graph, name: parsed.data.name };
}
