import { describe, expect, it } from "vitest";
import { z } from "zod";
import { nodeDefinitions } from "./index";

interface Property {
  title?: string;
  reference?: string;
  enum?: string[];
  optionLabels?: Record<string, string>;
  properties?: Record<string, Property>;
  items?: Property;
  anyOf?: Property[];
}

// an optional object comes out as anyOf [object, not-present]; its fields are in the object branch
const shapeOf = (property: Property) => property.anyOf?.find((branch) => branch.properties) ?? property;

/** Every field of a config's JSON Schema with its key, nested ones as routes[].model. */
function fields(properties: Record<string, Property> = {}, prefix = ""): [string, Property][] {
  return Object.entries(properties).flatMap(([key, property]) => [
    [`${prefix}${key}`, property] as [string, Property],
    ...fields(shapeOf(property).properties, `${prefix}${key}.`),
    ...fields(shapeOf(property).items?.properties, `${prefix}${key}[].`),
  ]);
}

/** Config keys whose field has no title in the JSON Schema the editor reads. */
const untitled = (properties?: Record<string, Property>) =>
  fields(properties)
    .filter(([, property]) => !property.title && !shapeOf(property).title)
    .map(([key]) => key);

// values in capitals (GET, POST) already read as they should; any other value needs a label
const needsLabel = (value: string) => value !== value.toUpperCase();

describe("node registry", () => {
  it("labels every config field of every node type for the editor and for problems", () => {
    const missing = nodeDefinitions.flatMap((definition) => {
      const schema = z.toJSONSchema(definition.config, { io: "input", unrepresentable: "any" }) as Property;
      return untitled(schema.properties).map((key) => `${definition.type}: ${key}`);
    });
    expect(missing).toEqual([]);
  });

  it("labels every choice's values for people, and only values the choice has", () => {
    const wrong = nodeDefinitions.flatMap((definition) => {
      const schema = z.toJSONSchema(definition.config, { io: "input", unrepresentable: "any" }) as Property;
      return fields(schema.properties)
        .filter(([, property]) => property.enum)
        .flatMap(([key, property]) => {
          const labelled = Object.keys(property.optionLabels ?? {});
          return [
            ...property.enum!.filter((value) => needsLabel(value) && !labelled.includes(value)).map((value) => `unlabelled ${value}`),
            ...labelled.filter((value) => !property.enum!.includes(value)).map((value) => `label for unknown ${value}`),
          ].map((problem) => `${definition.type}: ${key}: ${problem}`);
        });
    });
    expect(wrong).toEqual([]);
  });

  it("declares every field that holds a workspace's credential, store or dataset id as a reference, so publishing checks it", () => {
    const kinds: Record<string, string> = {
      credentialId: "credential",
      storeId: "contextStore",
      httpCredentialId: "httpCredential",
      datasetId: "dataset",
    };
    const declared = nodeDefinitions.flatMap((definition) => {
      const schema = z.toJSONSchema(definition.config, { io: "input", unrepresentable: "any" }) as Property;
      return fields(schema.properties)
        .filter(([key]) => kinds[key.split(".").at(-1)!.replace("[]", "")])
        .map(([key, property]) => `${definition.type}: ${key} → ${property.reference ?? shapeOf(property).reference ?? "not a reference"}`);
    });
    expect(declared.filter((line) => line.endsWith("not a reference"))).toEqual([]);
    expect(declared).toEqual(
      expect.arrayContaining([
        "model: credentialId → credential",
        "model: fallbacks[].credentialId → credential",
        "router: routes[].credentialId → credential",
        "retrieve: storeId → contextStore",
        "http-request: httpCredentialId → httpCredential",
      ]),
    );
  });
});
