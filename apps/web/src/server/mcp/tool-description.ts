// What MCP clients read about a deployment's tool when its page leaves the description empty.
export const toolDescription = (tool: { botName: string; mcpDescription: string | null }) =>
  tool.mcpDescription?.trim() || `Ask the "${tool.botName}" bot a question and get its reply as text.`;
