"use client";
// The selected node's settings, as a form generated from its zod config schema (via JSON Schema),
// with a provider/model picker for model nodes and the node's last run input, output and error.
import { nodeRegistry, templateVariables } from "@switchyard/nodes";
import { useContext, useMemo } from "react";
import { z } from "zod";
import { Input, Label, Select } from "@/components/ui/input";
import { EditorStoreContext, type FlowCanvasNode } from "./flow-node";
import { useNodeProblems, useNodeRunState } from "./editor-store";
import { useContextStores } from "./context-stores";
import { useProviderModels } from "./provider-models";

export interface CredentialOption {
  id: string;
  name: string;
  kind: string;
}

export interface CatalogOption {
  provider: string;
  model: string;
  contextWindow: number;
  inputPerMillion: number;
  outputPerMillion: number;
}

interface JsonSchemaProperty {
  type?: string | string[];
  enum?: string[];
  default?: unknown;
  minimum?: number;
  maximum?: number;
}

const labels: Record<string, string> = {
  credentialId: "Provider",
  model: "Model",
  system: "System prompt",
  temperature: "Temperature",
  maxTokens: "Max tokens",
  stream: "Stream tokens",
  timeoutMs: "Timeout per attempt (ms)",
  maxRetries: "Retries",
  template: "Template",
  variables: "Default variables (JSON)",
  storeId: "Context store",
  topK: "Passages to return",
  mode: "Search",
  toolName: "Tool name (for agents)",
};

const longText = new Set(["system", "template"]);

function Highlighted({ text }: { text: string }) {
  const parts = text.split(/(\{\{\s*[A-Za-z_][A-Za-z0-9_.]*\s*\}\})/g);
  return (
    <div className="whitespace-pre-wrap rounded-md bg-zinc-50 p-2 font-mono text-xs text-zinc-600" aria-label="Template preview">
      {parts.map((part, index) =>
        /^\{\{/.test(part) ? (
          <mark key={index} className="rounded bg-amber-100 px-0.5 text-amber-900">
            {part}
          </mark>
        ) : (
          <span key={index}>{part}</span>
        ),
      )}
    </div>
  );
}

export function Inspector(props: {
  workspaceId: string;
  node: Pick<FlowCanvasNode, "id" | "data">;
  credentials: CredentialOption[];
  catalog: CatalogOption[];
  onChange: (config: Record<string, unknown>) => void;
}) {
  const { workspaceId, node, credentials, catalog, onChange } = props;
  const store = useContext(EditorStoreContext);
  const problems = useNodeProblems(store, node.id);
  const run = useNodeRunState(store, node.id);
  const definition = nodeRegistry.get(node.data.nodeType);
  const schema = useMemo(
    () =>
      definition
        ? (z.toJSONSchema(definition.config, { io: "input", unrepresentable: "any" }) as {
            properties?: Record<string, JsonSchemaProperty>;
          })
        : {},
    [definition],
  );
  const servedModels = useProviderModels(workspaceId, node.data.config.credentialId);
  const stores = useContextStores(workspaceId, Boolean(schema.properties?.storeId));
  if (!definition) return <p className="p-4 text-sm text-red-600">Unknown node type {node.data.nodeType}</p>;
  const config = node.data.config;
  const set = (key: string, value: unknown) => {
    const next = { ...config };
    if (value === undefined || value === "") delete next[key];
    else next[key] = value;
    onChange(next);
  };
  const credential = credentials.find((item) => item.id === config.credentialId);
  const models = catalog.filter((item) => item.provider === credential?.kind);
  const served = servedModels.filter((model) => !models.some((item) => item.model === model));
  const chosen = models.find((item) => item.model === config.model);

  return (
    <div className="flex flex-col gap-4 p-4" aria-label="Inspector">
      <div>
        <h2 className="font-semibold">{definition.label}</h2>
        <p className="text-xs text-zinc-500">{definition.description}</p>
        <p className="mt-1 font-mono text-[11px] text-zinc-400">#{node.id}</p>
      </div>
      {Object.entries(schema.properties ?? {}).map(([key, property]) => {
        const id = `field-${key}`;
        const value = config[key];
        const label = labels[key] ?? key;
        if (key === "credentialId")
          return (
            <div key={key} className="flex flex-col gap-1.5">
              <Label htmlFor={id}>{label}</Label>
              <Select id={id} value={String(value ?? "")} onChange={(event) => set(key, event.target.value)}>
                <option value="">Choose a provider…</option>
                {credentials.map((item) => (
                  <option key={item.id} value={item.id}>
                    {item.name}
                  </option>
                ))}
              </Select>
              {!credentials.length && <p className="text-xs text-amber-700">Add a provider in Settings first.</p>}
            </div>
          );
        if (key === "storeId")
          return (
            <div key={key} className="flex flex-col gap-1.5">
              <Label htmlFor={id}>{label}</Label>
              <Select id={id} value={String(value ?? "")} onChange={(event) => set(key, event.target.value)}>
                <option value="">Choose a context store…</option>
                {stores?.map((item) => (
                  <option key={item.id} value={item.id}>
                    {item.name} ({item.chunkCount.toLocaleString("en")} chunks)
                  </option>
                ))}
              </Select>
              {stores?.length === 0 && (
                <p className="text-xs text-amber-700">
                  Create a store under{" "}
                  <a className="underline" href={`/w/${workspaceId}/stores`}>
                    Knowledge
                  </a>{" "}
                  first.
                </p>
              )}
            </div>
          );
        if (property.enum)
          return (
            <div key={key} className="flex flex-col gap-1.5">
              <Label htmlFor={id}>{label}</Label>
              <Select id={id} value={String(value ?? property.default ?? "")} onChange={(event) => set(key, event.target.value)}>
                {property.enum.map((option) => (
                  <option key={option} value={option}>
                    {option}
                  </option>
                ))}
              </Select>
            </div>
          );
        if (key === "model")
          return (
            <div key={key} className="flex flex-col gap-1.5">
              <Label htmlFor={id}>{label}</Label>
              <Input
                id={id}
                list="model-options"
                value={String(value ?? "")}
                placeholder="e.g. gpt-4o-mini"
                onChange={(event) => set(key, event.target.value)}
              />
              <datalist id="model-options">
                {models.map((item) => (
                  <option key={item.model} value={item.model} />
                ))}
                {served.map((model) => (
                  <option key={model} value={model} />
                ))}
              </datalist>
              {chosen && (
                <p className="text-xs text-zinc-500">
                  ${chosen.inputPerMillion} / ${chosen.outputPerMillion} per million tokens in / out ·{" "}
                  {Math.round(chosen.contextWindow / 1000)}k context
                </p>
              )}
            </div>
          );
        if (property.type === "boolean")
          return (
            <label key={key} className="flex items-center gap-2 text-sm text-zinc-700">
              <input type="checkbox" checked={Boolean(value ?? property.default)} onChange={(event) => set(key, event.target.checked)} />{" "}
              {label}
            </label>
          );
        if (property.type === "number" || property.type === "integer")
          return (
            <div key={key} className="flex flex-col gap-1.5">
              <Label htmlFor={id}>{label}</Label>
              <Input
                id={id}
                type="number"
                min={property.minimum}
                max={property.maximum}
                placeholder={property.default === undefined ? "" : String(property.default)}
                value={value === undefined ? "" : String(value)}
                onChange={(event) => set(key, event.target.value === "" ? undefined : Number(event.target.value))}
              />
            </div>
          );
        if (property.type === "object")
          return (
            <div key={key} className="flex flex-col gap-1.5">
              <Label htmlFor={id}>{label}</Label>
              <textarea
                id={id}
                className="min-h-16 rounded-md border border-zinc-300 p-2 font-mono text-xs"
                defaultValue={JSON.stringify(value ?? property.default ?? {}, null, 1)}
                onBlur={(event) => {
                  try {
                    set(key, JSON.parse(event.target.value));
                  } catch {
                    event.target.setCustomValidity("Not valid JSON");
                    event.target.reportValidity();
                  }
                }}
              />
            </div>
          );
        return (
          <div key={key} className="flex flex-col gap-1.5">
            <Label htmlFor={id}>{label}</Label>
            {longText.has(key) ? (
              <textarea
                id={id}
                className="min-h-24 rounded-md border border-zinc-300 p-2 text-sm"
                value={String(value ?? property.default ?? "")}
                onChange={(event) => set(key, event.target.value)}
              />
            ) : (
              <Input
                id={id}
                value={String(value ?? "")}
                placeholder={property.default === undefined ? "" : String(property.default)}
                onChange={(event) => set(key, event.target.value)}
              />
            )}
            {key === "template" && typeof (value ?? property.default) === "string" && (
              <>
                <Highlighted text={String(value ?? property.default)} />
                <p className="text-xs text-zinc-500">
                  Variables: {templateVariables(String(value ?? property.default)).join(", ") || "none"}
                </p>
              </>
            )}
          </div>
        );
      })}
      {problems?.length ? (
        <ul className="rounded-md border border-amber-200 bg-amber-50 p-2 text-xs text-amber-900" aria-label="Node problems">
          {problems.map((problem) => (
            <li key={problem}>{problem}</li>
          ))}
        </ul>
      ) : null}
      {run && run.status !== "running" && (
        <div className="flex flex-col gap-1 text-xs" aria-label="Last run">
          <div className="font-semibold text-zinc-700">Last run: {run.status.toLowerCase()}</div>
          {run.error && <pre className="whitespace-pre-wrap rounded bg-red-50 p-2 text-red-700">{run.error}</pre>}
          {run.output !== undefined && (
            <pre className="max-h-40 overflow-auto whitespace-pre-wrap rounded bg-zinc-50 p-2">{JSON.stringify(run.output, null, 1)}</pre>
          )}
        </div>
      )}
    </div>
  );
}
