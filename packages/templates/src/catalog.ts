// The starter templates "New bot" offers, in the gallery's order.
import { agentHttpTool } from "./agent-http-tool";
import { chatWithMemory } from "./chat-with-memory";
import { cheapFirstRouting } from "./cheap-first-routing";
import { judgedEnsemble } from "./judged-ensemble";
import { structuredExtraction } from "./structured-extraction";
import { supportKnowledgeBase } from "./support-knowledge-base";
import type { BotTemplate } from "./template";

export const botTemplates: readonly BotTemplate[] = [
  supportKnowledgeBase,
  cheapFirstRouting,
  judgedEnsemble,
  agentHttpTool,
  structuredExtraction,
  chatWithMemory,
];

export const findTemplate = (id: string) => botTemplates.find((template) => template.id === id);
