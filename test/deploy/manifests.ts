// Reads deploy/kubernetes/**/*.yaml and checks each document against the Kubernetes (and KEDA) schemas
// with kubernetes-models: no cluster and no network needed.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { parseAllDocuments } from "yaml";

export const root = path.resolve(import.meta.dirname, "../..");
export const kubernetesDir = path.join(root, "deploy/kubernetes");

export interface Manifest {
  file: string;
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  // the rest is checked by the schema; tests read what they need
  [field: string]: unknown;
}

export function manifestFiles(dir = kubernetesDir): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && /\.ya?ml$/.test(entry.name))
    .map((entry) => path.join(entry.parentPath, entry.name))
    .sort();
}

export function readManifests(file: string): Manifest[] {
  return parseAllDocuments(readFileSync(file, "utf8")).map((document): Manifest => {
    if (document.errors.length) throw new Error(`${file}: ${document.errors.map((error) => error.message).join("; ")}`);
    return { ...(document.toJS() as Manifest), file: path.relative(root, file) };
  });
}

/** The kubernetes-models class for a document's apiVersion and kind; throws for a kind it does not know. */
type Model = new (data: unknown) => { validate(): void };

async function modelFor(apiVersion: string, kind: string): Promise<Model> {
  const [group, version] = apiVersion.includes("/") ? (apiVersion.split("/") as [string, string]) : ["", apiVersion];
  const specifier = group.endsWith("keda.sh")
    ? `@kubernetes-models/keda/${group}/${version}/${kind}`
    : `kubernetes-models/${group ? `${group}/` : ""}${version}/${kind}`;
  const loaded = (await import(specifier).catch(() => ({}))) as Record<string, Model>;
  if (!loaded[kind]) throw new Error(`no schema for ${apiVersion} ${kind}: add its models package to the check`);
  return loaded[kind];
}

/** Schema errors for one document (empty when it is valid). */
export async function schemaErrors(manifest: {
  apiVersion: string;
  kind: string;
  file?: string;
  [field: string]: unknown;
}): Promise<string[]> {
  const { file: _file, ...data } = manifest;
  const Model = await modelFor(manifest.apiVersion, manifest.kind);
  try {
    new Model(data).validate();
    return [];
  } catch (error) {
    return [(error as Error).message];
  }
}
