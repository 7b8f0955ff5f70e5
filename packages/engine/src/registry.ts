import type { NodeDefinition } from "./node-definition";

export type NodeRegistry = ReadonlyMap<string, NodeDefinition>;

export function createRegistry(definitions: readonly NodeDefinition[]): NodeRegistry {
  const registry = new Map<string, NodeDefinition>();
  for (const definition of definitions) {
    if (registry.has(definition.type)) throw new Error(`node type ${definition.type} is registered twice`);
    registry.set(definition.type, definition);
  }
  return registry;
}
