"use client";
// A sweep: variants generated as a grid of models × temperatures × alternative prompts. Each axis is
// switched on by itself; the server expands the grid, names each variant by what it changes and
// refuses a grid that is empty on an axis or larger than 48.
import { Plus, Trash2 } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Input, Select } from "@/components/ui/input";
import { ProviderOptions } from "./provider-options";

export interface GridDraft {
  nodeId: string;
  models: { credentialId: string; model: string }[] | null;
  temperatures: string | null;
  prompts: { target: string; values: string[] } | null;
}

interface FlowFields {
  modelNodes: { id: string; credentialId: string; model: string }[];
  promptFields: { nodeId: string; field: string; label: string }[];
}

/** The grid as the API takes it (an axis switched off is left out; an empty one is sent, for the server to name). */
export function gridBody(draft: GridDraft) {
  const [nodeId, field] = draft.prompts?.target.split("/") ?? [];
  return {
    nodeId: draft.nodeId,
    ...(draft.models && { models: draft.models }),
    ...(draft.temperatures !== null && {
      temperatures: draft.temperatures
        .split(/[,\s]+/)
        .filter(Boolean)
        .map(Number),
    }),
    ...(draft.prompts && { prompts: { nodeId, field, values: draft.prompts.values.filter((value) => value.trim()) } }),
  };
}

export function newGrid(flow: FlowFields): GridDraft {
  const node = flow.modelNodes[0];
  return {
    nodeId: node?.id ?? "",
    models: node ? [{ credentialId: node.credentialId, model: node.model }] : null,
    temperatures: "0, 0.7",
    prompts: null,
  };
}

const box = "flex flex-col gap-2 rounded-lg border border-zinc-200 p-3";
const textarea =
  "min-h-14 w-full rounded-md border border-zinc-300 px-3 py-2 font-mono text-xs shadow-sm focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500";

export function SweepGrid({
  flow,
  credentials,
  value,
  onChange,
}: {
  flow: FlowFields;
  credentials: { id: string; name: string }[];
  value: GridDraft;
  onChange: (next: GridDraft) => void;
}) {
  const set = (change: Partial<GridDraft>) => onChange({ ...value, ...change });
  const current = flow.modelNodes.find((node) => node.id === value.nodeId);
  const models = value.models ?? [];
  return (
    <div className="flex flex-col gap-3 text-sm" data-testid="sweep-grid">
      <label className="flex items-center gap-2">
        <span className="w-32 text-zinc-600">Model node</span>
        <Select
          aria-label="Grid model node"
          className="w-48"
          value={value.nodeId}
          onChange={(event) => set({ nodeId: event.target.value })}
        >
          {flow.modelNodes.map((node) => (
            <option key={node.id} value={node.id}>
              #{node.id} ({node.model})
            </option>
          ))}
        </Select>
      </label>

      <div className={box}>
        <label className="flex items-center gap-2 font-medium">
          <input
            type="checkbox"
            aria-label="Sweep models"
            checked={value.models !== null}
            onChange={(event) =>
              set({
                models: event.target.checked
                  ? [{ credentialId: current?.credentialId ?? credentials[0]?.id ?? "", model: current?.model ?? "" }]
                  : null,
              })
            }
          />
          Models <span className="font-normal text-zinc-500">any of the workspace&apos;s providers</span>
        </label>
        {value.models &&
          models.map((entry, index) => (
            <div key={index} className="grid grid-cols-[1fr_1fr_auto] items-center gap-2">
              <Select
                aria-label={`Grid model ${index + 1} provider`}
                value={entry.credentialId}
                onChange={(event) =>
                  set({ models: models.map((item, at) => (at === index ? { ...item, credentialId: event.target.value } : item)) })
                }
              >
                <ProviderOptions credentials={credentials} />
              </Select>
              <Input
                aria-label={`Grid model ${index + 1}`}
                value={entry.model}
                placeholder="Model"
                onChange={(event) =>
                  set({ models: models.map((item, at) => (at === index ? { ...item, model: event.target.value } : item)) })
                }
              />
              <Button
                variant="ghost"
                size="icon"
                aria-label={`Remove grid model ${index + 1}`}
                onClick={() => set({ models: models.filter((_, at) => at !== index) })}
              >
                <Trash2 className="h-4 w-4 text-zinc-400" />
              </Button>
            </div>
          ))}
        {value.models && (
          <Button
            variant="outline"
            size="sm"
            className="self-start"
            onClick={() => set({ models: [...models, { credentialId: credentials[0]?.id ?? "", model: "" }] })}
          >
            <Plus className="h-4 w-4" /> Add model
          </Button>
        )}
      </div>

      <div className={box}>
        <label className="flex items-center gap-2 font-medium">
          <input
            type="checkbox"
            aria-label="Sweep temperatures"
            checked={value.temperatures !== null}
            onChange={(event) => set({ temperatures: event.target.checked ? "0, 0.7" : null })}
          />
          Temperatures
        </label>
        {value.temperatures !== null && (
          <Input
            aria-label="Grid temperatures"
            placeholder="0, 0.5, 1"
            value={value.temperatures}
            onChange={(event) => set({ temperatures: event.target.value })}
          />
        )}
      </div>

      <div className={box}>
        <label className="flex items-center gap-2 font-medium">
          <input
            type="checkbox"
            aria-label="Sweep prompts"
            checked={value.prompts !== null}
            disabled={!flow.promptFields.length}
            onChange={(event) =>
              set({
                prompts: event.target.checked
                  ? { target: `${flow.promptFields[0]!.nodeId}/${flow.promptFields[0]!.field}`, values: ["", ""] }
                  : null,
              })
            }
          />
          Alternative prompts
          {!flow.promptFields.length && <span className="font-normal text-zinc-500">this flow has no prompt or system field</span>}
        </label>
        {value.prompts && (
          <>
            <Select
              aria-label="Grid prompt field"
              className="w-64"
              value={value.prompts.target}
              onChange={(event) => set({ prompts: { ...value.prompts!, target: event.target.value } })}
            >
              {flow.promptFields.map((field) => (
                <option key={`${field.nodeId}/${field.field}`} value={`${field.nodeId}/${field.field}`}>
                  {field.label}
                </option>
              ))}
            </Select>
            {value.prompts.values.map((text, index) => (
              <textarea
                key={index}
                aria-label={`Grid prompt ${index + 1}`}
                className={textarea}
                placeholder={`Prompt ${index + 1}`}
                value={text}
                onChange={(event) =>
                  set({
                    prompts: {
                      ...value.prompts!,
                      values: value.prompts!.values.map((item, at) => (at === index ? event.target.value : item)),
                    },
                  })
                }
              />
            ))}
            <Button
              variant="outline"
              size="sm"
              className="self-start"
              onClick={() => set({ prompts: { ...value.prompts!, values: [...value.prompts!.values, ""] } })}
            >
              <Plus className="h-4 w-4" /> Add prompt
            </Button>
          </>
        )}
      </div>
    </div>
  );
}
