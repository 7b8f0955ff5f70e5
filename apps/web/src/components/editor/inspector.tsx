"use client";
// The selected node's settings, as a form generated from its zod config schema (via JSON Schema; see
// config-field.tsx), and the node's last run: what it chose, its output and error.
import { nodeRegistry, templateVariables } from "@switchyard/nodes";
import { useContext, useMemo } from "react";
import { z } from "zod";
import { ObjectFields, type CatalogOption, type CredentialOption, type JsonSchemaProperty } from "./config-field";
import { EditorStoreContext, type FlowCanvasNode } from "./flow-node";
import { useNodeProblems, useNodeRunState } from "./editor-store";

export type { CatalogOption, CredentialOption };

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
  if (!definition) return <p className="p-4 text-sm text-red-600">Unknown node type {node.data.nodeType}</p>;
  const config = node.data.config;

  return (
    <div className="flex flex-col gap-4 p-4" aria-label="Inspector">
      <div>
        <h2 className="font-semibold">{definition.label}</h2>
        <p className="text-xs text-zinc-500">{definition.description}</p>
        <p className="mt-1 font-mono text-[11px] text-zinc-400">#{node.id}</p>
      </div>
      <ObjectFields
        id="field"
        properties={schema.properties ?? {}}
        value={config}
        context={{ workspaceId, credentials, catalog }}
        onChange={(next) => onChange(next as Record<string, unknown>)}
        after={(key, value) =>
          key === "template" &&
          typeof value === "string" && (
            <>
              <Highlighted text={value} />
              <p className="text-xs text-zinc-500">Variables: {templateVariables(value).join(", ") || "none"}</p>
            </>
          )
        }
      />
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
          {run.note && <p className="rounded bg-indigo-50 p-2 text-indigo-900">{run.note}</p>}
          {run.error && <pre className="whitespace-pre-wrap rounded bg-red-50 p-2 text-red-700">{run.error}</pre>}
          {run.subSteps?.length ? (
            <ul className="flex flex-col gap-0.5 rounded bg-zinc-50 p-2" aria-label="Sub-steps">
              {run.subSteps.map((sub) => (
                <li
                  key={sub.id}
                  className="flex gap-2"
                  style={{ paddingLeft: `${((sub.depth ?? 1) - 1) * 0.75}rem` }}
                  title={sub.error ?? undefined}
                >
                  <span className={sub.status === "SUCCEEDED" ? "text-emerald-600" : "text-red-600"}>
                    {sub.status === "SUCCEEDED" ? "✓" : "✗"}
                  </span>
                  <span className="truncate font-mono">{sub.id}</span>
                  {sub.note && <span className="truncate text-zinc-600">{sub.note}</span>}
                  <span className="ml-auto text-zinc-400">{sub.latencyMs ?? 0} ms</span>
                </li>
              ))}
            </ul>
          ) : null}
          {run.output !== undefined && (
            <pre className="max-h-40 overflow-auto whitespace-pre-wrap rounded bg-zinc-50 p-2">{JSON.stringify(run.output, null, 1)}</pre>
          )}
        </div>
      )}
    </div>
  );
}
