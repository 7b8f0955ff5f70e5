// An agent with one HTTP tool: current weather from Open-Meteo (public, no key). The tool's host is
// fixed in its URL (only query values are filled in, URL-encoded) and narrowed on the node, and the
// agent may call only that tool, a few times: text injected into a tool result cannot send data
// elsewhere or call anything else (docs/security.md).
import { edge, node, type BotTemplate } from "./template";

export const agentHttpTool: BotTemplate = {
  id: "agent-http-tool",
  name: "Agent with an HTTP tool",
  description: "A model that calls a weather API as a tool before it answers; swap in your own API.",
  roles: [{ role: "model", label: "Model", hint: "decides when to call the tool (needs tool calling)" }],
  needsStore: false,
  build: ({ model }) => ({
    nodes: [
      node("input", "chat-input", [0, 0]),
      node("weather", "http-request", [0, 1], {
        method: "GET",
        url: "https://api.open-meteo.com/v1/forecast?latitude={{latitude}}&longitude={{longitude}}&current=temperature_2m,wind_speed_10m,precipitation",
        headers: {},
        body: "",
        responseType: "json",
        timeoutMs: 10_000,
        maxResponseBytes: 256 * 1024,
        allowedHosts: ["api.open-meteo.com"],
        toolName: "get_weather",
        toolDescription:
          "Current temperature (°C), wind speed (km/h) and precipitation (mm) at a place. " +
          "Give its latitude and longitude in decimal degrees, e.g. 52.52 and 13.41 for Berlin.",
      }),
      node("agent", "agent", [1, 0], {
        ...model("model"),
        system: "You answer questions about the weather. Call get_weather for current conditions; never guess them.",
        // a few turns are enough for one lookup; a loop stops early instead of spending
        maxSteps: 4,
        allowedTools: ["get_weather"],
        maxToolCalls: 3,
      }),
      node("output", "chat-output", [2, 0]),
    ],
    edges: [
      edge("input", "message", "agent", "prompt"),
      edge("input", "history", "agent", "history"),
      edge("weather", "tool", "agent", "tools"),
      edge("agent", "text", "output", "text"),
    ],
  }),
};
