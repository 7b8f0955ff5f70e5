// The flow as a file: what the editor's Export writes, and what its Import and "Import flow file" on the
// bot list accept. Import refuses anything it cannot fully understand (not JSON, another format, too
// large, a broken graph), so a bad file never replaces a working flow nor becomes a bot.
import { compileFlow, flowGraphSchema, type FlowGraph } from "@switchyard/engine";
import { nodeRegistry } from "@switchyard/nodes";
import { z } from "zod";

const FORMAT = "switchyard.flow";

/** Exported flows are a few KB; this leaves room for very large canvases and nothing else. */
export const MAX_FLOW_FILE_BYTES = 4 * 1024 * 1024;

const fileSchema = z.object({
  format: z.literal(FORMAT, { error: `Not a Switchyard flow file (expected "format": "${FORMAT}")` }),
  version: z.literal(1, { error: "This flow file was written by a newer version of Switchyard" }),
  name: z.string().max(100).optional(),
  graph: flowGraphSchema,
});

export type ParsedFlowFile = { ok: true; graph: FlowGraph; name?: string } | { ok: false; error: string };

export function exportFlowFile(name: string, graph: FlowGraph): string {
  return JSON.stringify({ format: FORMAT, version: 1, name, exportedAt: new Date().toISOString(), graph }, null, 2);
}

const megabytes = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MB`;

/**
 * Reads a flow file. A flow that is only unfinished (a node without its provider, an input not yet
 * connected) is accepted: the editor lists what is left to do. A broken one is refused with the reason.
 */
export function parseFlowFile(text: string): ParsedFlowFile {
  // runs in the browser too: no Buffer
  if (new TextEncoder().encode(text).byteLength > MAX_FLOW_FILE_BYTES)
    return { ok: false, error: `The file is larger than ${megabytes(MAX_FLOW_FILE_BYTES)}` };
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
  const compiled = compileFlow(parsed.data.graph, nodeRegistry);
  const broken = compiled.ok ? [] : compiled.problems.filter((problem) => problem.structural);
  if (broken.length) {
    const more = broken.length > 1 ? ` (and ${broken.length - 1} more)` : "";
    return { ok: false, error: `The flow in the file is broken: ${broken[0]!.message}${more}` };
  }
  return { ok: true, graph: parsed.data.graph, name: parsed.data.name };
}
