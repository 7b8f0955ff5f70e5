import { describe, expect, it } from "vitest";
import { z } from "zod";
import { nodeDefinitions } from "./index";

interface Property {
  title?: string;
  properties?: Record<string, Property>;
  items?: Property;
  anyOf?: Property[];
}

/** Config keys (nested ones as routes[].model) whose field has no title in the JSON Schema the editor reads. */
function untitled(properties: Record<string, Property> = {}, prefix = ""): string[] {
  return Object.entries(properties).flatMap(([key, property]) => {
    const shape = property.anyOf?.find((branch) => branch.properties) ?? property;
    return [
      ...(property.title || shape.title ? [] : [`${prefix}${key}`]),
      ...untitled(shape.properties, `${prefix}${key}.`),
      ...untitled(shape.items?.properties, `${prefix}${key}[].`),
    ];
  });
}

describe("node registry", () => {
  it("labels every config field of every node type for the editor and for problems", () => {
    const missing = nodeDefinitions.flatMap((definition) => {
      const schema = z.toJSONSchema(definition.config, { io: "input", unrepresentable: "any" }) as Property;
      return untitled(schema.properties).map((key) => `${definition.type}: ${key}`);
    });
    expect(missing).toEqual([]);
  });
});
