// Every node type the platform ships. Adding one: a file here and a line in this list.
import { createRegistry, type NodeDefinition } from "@switchyard/engine";
import { chatInput } from "./chat-input";
import { chatOutput } from "./chat-output";
import { evaluate } from "./evaluate";
import { model } from "./model";
import { promptTemplate } from "./prompt-template";

export const nodeDefinitions: readonly NodeDefinition[] = [chatInput, promptTemplate, model, chatOutput, evaluate] as NodeDefinition[];

export const nodeRegistry = createRegistry(nodeDefinitions);

export { modelConfigSchema } from "./model";
export { renderTemplate, templateVariables } from "./template";
