// Every node type the platform ships. Adding one: a file here and a line in this list.
import { createRegistry, type NodeDefinition } from "@switchyard/engine";
import { chatInput } from "./chat-input";
import { chatOutput } from "./chat-output";
import { model } from "./model";
import { promptTemplate } from "./prompt-template";
import { retrieve } from "./retrieve";

export const nodeDefinitions: readonly NodeDefinition[] = [chatInput, promptTemplate, model, chatOutput, retrieve] as NodeDefinition[];

export const nodeRegistry = createRegistry(nodeDefinitions);

export { modelConfigSchema } from "./model";
export { renderTemplate, templateVariables } from "./template";
