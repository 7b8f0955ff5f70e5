// Every node type the platform ships. Adding one: a file here and a line in this list.
import { createRegistry, type NodeDefinition } from "@switchyard/engine";
import { agent } from "./agent";
import { approval } from "./approval";
import { bot } from "./bot";
import { chatInput } from "./chat-input";
import { chatOutput } from "./chat-output";
import { code } from "./code";
import { condition } from "./condition";
import { ensemble } from "./ensemble";
import { evaluate } from "./evaluate";
import { forEach } from "./for-each";
import { httpRequest } from "./http-request";
import { mcpTools } from "./mcp-tools";
import { memory } from "./memory";
import { merge } from "./merge";
import { model } from "./model";
import { promptTemplate } from "./prompt-template";
import { retrieve } from "./retrieve";
import { router } from "./router";
import { structuredOutput } from "./structured-output";

export const nodeDefinitions: readonly NodeDefinition[] = [
  chatInput,
  promptTemplate,
  model,
  chatOutput,
  condition,
  router,
  merge,
  ensemble,
  agent,
  structuredOutput,
  httpRequest,
  code,
  memory,
  mcpTools,
  evaluate,
  retrieve,
  approval,
  bot,
  forEach,
] as NodeDefinition[];

export const nodeRegistry = createRegistry(nodeDefinitions);

export { modelConfigSchema } from "./model";
export { retrieveConfigSchema } from "./retrieve";
export { renderTemplate, templateVariables } from "./shared/template";
export { schemaProblems } from "./shared/json-schema-text";
export { hostPatternSchema } from "./shared/host-pattern";
