// What travels on a `tool` port: a callable the Agent node offers to its model. Tool nodes (HTTP
// request, Code, MCP, Retrieve) output one or more of these; the agent calls `invoke` when the model asks.
// Only name, description and parameters reach the trace (functions do not serialise).

/** A JSON Schema object describing the tool's arguments, as model providers expect it. */
export type ToolParameters = Record<string, unknown>;

/** Where a tool's result came from, for the trace (an agent marks the result as data from there). */
export interface ToolSource {
  /** The URL an HTTP tool requested, its method, and the URLs redirects led it to. */
  url?: string;
  method?: string;
  redirects?: string[];
  /** The documents retrieved passages came from. */
  documents?: string[];
  /** The prompt-injection suite planted hostile text in this result (its eval runs only). */
  planted?: boolean;
}

export interface ToolInvocationContext {
  signal: AbortSignal;
  /** Tools that know where their content came from say so here. */
  reportSource?: (source: ToolSource) => void;
}

export interface ToolHandle {
  /** Unique within one agent; letters, digits, _ and - (what every provider accepts). */
  name: string;
  description: string;
  parameters: ToolParameters;
  invoke: (args: unknown, context: ToolInvocationContext) => Promise<unknown>;
}

export const isToolHandle = (value: unknown): value is ToolHandle =>
  typeof value === "object" &&
  value !== null &&
  typeof (value as ToolHandle).invoke === "function" &&
  typeof (value as ToolHandle).name === "string";

/** A tool port's value may be one handle or a list (an MCP server offers several). */
export function collectToolHandles(value: unknown): ToolHandle[] {
  const values = Array.isArray(value) ? value.flat(2) : [value];
  return values.filter(isToolHandle);
}
