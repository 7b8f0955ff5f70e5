import type { PortType } from "@switchyard/engine";

/** One colour per data type, used by handles and the legend. */
export const portColors: Record<PortType, string> = {
  text: "#0ea5e9",
  messages: "#8b5cf6",
  json: "#f59e0b",
  documents: "#10b981",
  tool: "#f43f5e",
  model: "#6366f1",
  any: "#71717a",
};

export const categoryColors: Record<string, string> = {
  Input: "bg-sky-100 text-sky-800",
  Prompt: "bg-amber-100 text-amber-800",
  Model: "bg-indigo-100 text-indigo-800",
  Output: "bg-emerald-100 text-emerald-800",
  Logic: "bg-zinc-100 text-zinc-800",
  Tools: "bg-rose-100 text-rose-800",
  Context: "bg-teal-100 text-teal-800",
  Memory: "bg-violet-100 text-violet-800",
  Evaluate: "bg-orange-100 text-orange-800",
};
