// Config fields that name something kept in the workspace (a provider credential, a context store…).
// A node type declares them in its config schema's metadata (`.meta({ title, ...reference("credential") })`),
// so every node type, present or future, gets the same check: a flow that points at something this
// workspace does not have (deleted, or imported from another workspace) is reported before it runs.
import { configPathLabel } from "./field-labels";
import { poolIdOf } from "./pool-target";
import type { FlowGraph } from "./graph";
import type { NodeRegistry } from "./registry";
import { metaOf, stripped, type Schema } from "./schema-walk";

export const REFERENCE_KINDS = ["credential", "contextStore", "httpCredential", "dataset", "bot"] as const;
export type ReferenceKind = (typeof REFERENCE_KINDS)[number];

/** Field metadata marking a reference. A type, not an interface, so it passes as `.meta()`'s open-ended object. */
export type ReferenceField = { reference: ReferenceKind };

/** `.meta({ title: "Provider", ...reference("credential") })`: this field holds the id of a workspace's credential. */
export const reference = (kind: ReferenceKind): ReferenceField => ({ reference: kind });

/** The ids that exist in a workspace, per kind; a kind left out is not checked (not known here). */
export type ExistingReferences = Partial<Record<ReferenceKind, ReadonlySet<string>>>;

export interface FoundReference {
  kind: ReferenceKind;
  id: string;
  /** Where in the node's config (["routes", 0, "credentialId"]). */
  path: (string | number)[];
}

const nouns: Record<ReferenceKind, string> = {
  credential: "provider",
  contextStore: "context store",
  httpCredential: "HTTP credential",
  dataset: "dataset",
  bot: "bot",
};

const missing = (found: FoundReference) =>
  found.kind === "credential" && poolIdOf(found.id) !== undefined
    ? "this pool does not exist in this workspace or has no members left (it was removed, its credentials were removed, or the flow came from another workspace)"
    : `this ${nouns[found.kind]} does not exist in this workspace (it was removed, or the flow came from another workspace)`;

/** Every reference a config holds, following the schema through objects, lists and records. */
export function findReferences(schema: Schema, value: unknown, path: (string | number)[] = []): FoundReference[] {
  const kind = metaOf(schema, "reference") as ReferenceKind | undefined;
  if (kind) return typeof value === "string" && value ? [{ kind, id: value, path }] : [];
  const definition = stripped(schema);
  if (definition.type === "object" && definition.shape && isRecord(value))
    return Object.entries(definition.shape).flatMap(([key, field]) => findReferences(field, value[key], [...path, key]));
  if (definition.type === "array" && definition.element && Array.isArray(value))
    return value.flatMap((item, index) => findReferences(definition.element!, item, [...path, index]));
  if (definition.type === "record" && definition.valueType && isRecord(value))
    return Object.entries(value).flatMap(([key, item]) => findReferences(definition.valueType!, item, [...path, key]));
  return [];
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

/** The references of every node of a graph whose type is known, with the node they sit in. */
export function graphReferences(graph: FlowGraph, registry: NodeRegistry): (FoundReference & { nodeId: string })[] {
  return graph.nodes.flatMap((node) => {
    const definition = registry.get(node.type);
    return definition ? findReferences(definition.config, node.config).map((found) => ({ ...found, nodeId: node.id })) : [];
  });
}

/** One problem per reference to something the workspace does not have, naming the node and the field. */
export function checkReferences(graph: FlowGraph, registry: NodeRegistry, existing: ExistingReferences) {
  return graphReferences(graph, registry).flatMap((found) => {
    const ids = existing[found.kind];
    if (!ids || ids.has(found.id)) return [];
    const definition = registry.get(graph.nodes.find((node) => node.id === found.nodeId)!.type)!;
    return [
      {
        nodeId: found.nodeId,
        configPath: found.path,
        message: `${definition.label}: ${configPathLabel(definition.config, found.path)}: ${missing(found)}; choose another`,
      },
    ];
  });
}

/**
 * The (credential, model) pairs a graph calls: every credential reference with a `model` beside it
 * (a Model node, each route and fallback of a router…), for questions such as "is every model priced".
 */
export function modelTargets(graph: FlowGraph, registry: NodeRegistry): { nodeId: string; credentialId: string; model: string }[] {
  return graphReferences(graph, registry).flatMap((found) => {
    if (found.kind !== "credential") return [];
    let at: unknown = graph.nodes.find((node) => node.id === found.nodeId)!.config;
    for (const key of found.path.slice(0, -1)) at = (at as Record<string | number, unknown> | undefined)?.[key];
    const model = (at as Record<string, unknown> | undefined)?.model;
    return typeof model === "string" && model ? [{ nodeId: found.nodeId, credentialId: found.id, model }] : [];
  });
}
