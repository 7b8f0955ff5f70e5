"use client";
// One field of a node's config form, generated from its JSON Schema: text, numbers, switches, choices,
// provider and model pickers, nested objects (a classifier's model) and lists of objects (a router's
// routes, a fallback chain), each item a small form of its own. Labels are the schema's titles (zod
// `.meta({ title })` in @switchyard/nodes), the same words compileFlow's problems use. A field whose
// schema names the values of another field it applies to (`visibleWhen`, see @switchyard/engine) shows
// only for those. A choice shows its values by their `optionLabels`, but stores the value itself.
import { fieldLabel, isFieldVisible, optionLabel, type FieldVisibility, type OptionLabels } from "@switchyard/engine";
import { Plus, Trash2 } from "lucide-react";
import { Fragment, type ReactNode } from "react";
import { Input, Label, Select } from "@/components/ui/input";
import { Button } from "@/components/ui/button";
import { useHttpCredentials } from "./http-credentials";
import { useContextStores } from "./context-stores";
import { useProviderModels } from "./provider-models";
import { useWorkspaceBots } from "./workspace-bots";

export interface CredentialOption {
  id: string;
  name: string;
  kind: string;
  /** A pool of credentials (`pool:<id>`); its kind is its first member's. */
  pool?: boolean;
}

export interface CatalogOption {
  provider: string;
  model: string;
  contextWindow: number;
  inputPerMillion: number;
  outputPerMillion: number;
}

export interface JsonSchemaProperty extends Partial<FieldVisibility>, Partial<OptionLabels> {
  title?: string;
  type?: string | string[];
  enum?: string[];
  default?: unknown;
  minimum?: number;
  maximum?: number;
  properties?: Record<string, JsonSchemaProperty>;
  items?: JsonSchemaProperty;
  anyOf?: JsonSchemaProperty[];
}

export interface FieldContext {
  workspaceId: string;
  credentials: CredentialOption[];
  catalog: CatalogOption[];
}

const longText = new Set([
  "system",
  "template",
  "schema",
  "classifierHint",
  "judgeHint",
  "body",
  "summaryPrompt",
  "toolDescription",
  "rubric",
]);

/** The workspace's HTTP credentials, for HTTP request and MCP tools nodes. */
function HttpCredentialPicker({ id, label, value, context, onChange }: FieldProps & { id: string; label: string }) {
  const credentials = useHttpCredentials(context.workspaceId, true);
  return (
    <div className="flex flex-col gap-1.5">
      <Label htmlFor={id}>{label}</Label>
      <Select id={id} value={String(value ?? "")} onChange={(event) => onChange(event.target.value)}>
        <option value="">None</option>
        {credentials.map((item) => (
          <option key={item.id} value={item.id}>
            {item.name} ({item.headerName})
          </option>
        ))}
      </Select>
    </div>
  );
}

// optional objects come out of JSON Schema as anyOf [object, not-present]; use the object branch
const resolve = (property: JsonSchemaProperty) => property.anyOf?.find((branch) => branch.type === "object") ?? property;

function ModelPicker({
  id,
  label,
  value,
  credentialId,
  context,
  onChange,
}: FieldProps & { credentialId: unknown; id: string; label: string }) {
  const served = useProviderModels(context.workspaceId, credentialId);
  const credential = context.credentials.find((item) => item.id === credentialId);
  const models = context.catalog.filter((item) => item.provider === credential?.kind);
  const extra = served.filter((model) => !models.some((item) => item.model === model));
  const chosen = models.find((item) => item.model === value);
  // once the server has listed its models, catalog names it does not serve are marked as such
  const unlisted = (model: string) => served.length > 0 && !served.includes(model);
  return (
    <div className="flex flex-col gap-1.5">
      <Label htmlFor={id}>{label}</Label>
      <Input
        id={id}
        list={`${id}-options`}
        value={String(value ?? "")}
        placeholder="e.g. gpt-4o-mini"
        onChange={(event) => onChange(event.target.value)}
      />
      <datalist id={`${id}-options`}>
        {[...models.map((item) => item.model), ...extra].map((model) => (
          <option key={model} value={model} label={unlisted(model) ? "not listed by this server" : undefined} />
        ))}
      </datalist>
      {typeof value === "string" && value && unlisted(value) && (
        <p className="text-xs text-amber-700" role="status" aria-label="Model not served">
          {credential?.name ?? "The provider"} does not list {value}; it serves {served.slice(0, 8).join(", ")}
          {served.length > 8 ? "…" : ""}
        </p>
      )}
      {chosen && (
        <p className="text-xs text-zinc-500">
          ${chosen.inputPerMillion} / ${chosen.outputPerMillion} per million tokens in / out · {Math.round(chosen.contextWindow / 1000)}k
          context
        </p>
      )}
    </div>
  );
}

interface FieldProps {
  value: unknown;
  context: FieldContext;
  onChange: (value: unknown) => void;
}

/** A list of objects: each item a bordered mini-form with a remove button, and an add button below. */
function ObjectList({ id, label, item, value, context, onChange }: FieldProps & { id: string; label: string; item: JsonSchemaProperty }) {
  const items = Array.isArray(value) ? (value as Record<string, unknown>[]) : [];
  const replace = (index: number, next: Record<string, unknown> | null) =>
    onChange(next === null ? items.filter((_entry, at) => at !== index) : items.map((entry, at) => (at === index ? next : entry)));
  return (
    <fieldset className="flex flex-col gap-2" aria-label={label}>
      <legend className="mb-1.5 text-sm font-medium text-zinc-700">{label}</legend>
      {items.map((entry, index) => (
        <div key={index} className="flex flex-col gap-2 rounded-md border border-zinc-200 bg-zinc-50/60 p-2.5">
          <div className="flex items-center justify-between text-xs font-medium text-zinc-500">
            <span>{typeof entry.name === "string" && entry.name ? entry.name : `#${index + 1}`}</span>
            <Button
              type="button"
              size="sm"
              variant="ghost"
              aria-label={`Remove ${label} ${index + 1}`}
              onClick={() => replace(index, null)}
            >
              <Trash2 className="h-3.5 w-3.5" />
            </Button>
          </div>
          <ObjectFields
            id={`${id}-${index}`}
            properties={item.properties ?? {}}
            value={entry}
            context={context}
            onChange={(next) => replace(index, next as Record<string, unknown>)}
          />
        </div>
      ))}
      <Button type="button" size="sm" variant="outline" className="self-start" onClick={() => onChange([...items, {}])}>
        <Plus className="h-3.5 w-3.5" /> Add
      </Button>
    </fieldset>
  );
}

/** The fields of one object; an emptied field is removed so the schema's default applies. */
export function ObjectFields({
  id,
  properties,
  value,
  context,
  onChange,
  after,
}: FieldProps & { id: string; properties: Record<string, JsonSchemaProperty>; after?: (key: string, value: unknown) => ReactNode }) {
  const object = (value ?? {}) as Record<string, unknown>;
  const set = (key: string, next: unknown) => {
    const copy = { ...object };
    if (next === undefined || next === "") delete copy[key];
    else copy[key] = next;
    onChange(copy);
  };
  const defaults = Object.fromEntries(Object.entries(properties).map(([key, property]) => [key, property.default]));
  const shown = Object.entries(properties).filter(([, property]) => isFieldVisible(property, object, defaults));
  return (
    <>
      {shown.map(([key, property]) => (
        <Fragment key={key}>
          <ConfigField
            id={`${id}-${key}`}
            name={key}
            property={property}
            value={object[key]}
            siblings={object}
            context={context}
            onChange={(next) => set(key, next)}
          />
          {after?.(key, object[key] ?? property.default)}
        </Fragment>
      ))}
    </>
  );
}

function StorePicker({ id, label, value, context, onChange }: FieldProps & { id: string; label: string }) {
  const stores = useContextStores(context.workspaceId, true);
  return (
    <div className="flex flex-col gap-1.5">
      <Label htmlFor={id}>{label}</Label>
      <Select id={id} value={String(value ?? "")} onChange={(event) => onChange(event.target.value)}>
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
          <a className="underline" href={`/w/${context.workspaceId}/stores`}>
            Knowledge
          </a>{" "}
          first.
        </p>
      )}
    </div>
  );
}

function BotPicker({ id, label, value, context, onChange }: FieldProps & { id: string; label: string }) {
  const bots = useWorkspaceBots(context.workspaceId);
  return (
    <div className="flex flex-col gap-1.5">
      <Label htmlFor={id}>{label}</Label>
      <Select id={id} value={String(value ?? "")} onChange={(event) => onChange(event.target.value)}>
        <option value="">Choose a bot…</option>
        {bots?.map((item) => (
          <option key={item.id} value={item.id}>
            {item.name}
          </option>
        ))}
      </Select>
    </div>
  );
}

export function ConfigField(
  props: FieldProps & { id: string; name: string; property: JsonSchemaProperty; siblings: Record<string, unknown> },
) {
  const { id, name, siblings, value, context, onChange } = props;
  const property = resolve(props.property);
  const label = fieldLabel(name, props.property.title ?? property.title);
  if (name === "credentialId")
    return (
      <div className="flex flex-col gap-1.5">
        <Label htmlFor={id}>{label}</Label>
        <Select id={id} value={String(value ?? "")} onChange={(event) => onChange(event.target.value)}>
          <option value="">Choose a provider…</option>
          {context.credentials
            .filter((item) => !item.pool)
            .map((item) => (
              <option key={item.id} value={item.id}>
                {item.name}
              </option>
            ))}
          {context.credentials.some((item) => item.pool) && (
            <optgroup label="Pools">
              {context.credentials
                .filter((item) => item.pool)
                .map((item) => (
                  <option key={item.id} value={item.id}>
                    {item.name}
                  </option>
                ))}
            </optgroup>
          )}
        </Select>
        {!context.credentials.length && <p className="text-xs text-amber-700">Add a provider in Settings first.</p>}
      </div>
    );
  if (name === "botId") return <BotPicker id={id} label={label} value={value} context={context} onChange={onChange} />;
  if (name === "storeId") return <StorePicker id={id} label={label} value={value} context={context} onChange={onChange} />;
  if (name === "model" && property.type === "string")
    return <ModelPicker id={id} label={label} value={value} credentialId={siblings.credentialId} context={context} onChange={onChange} />;
  if (name === "httpCredentialId")
    return <HttpCredentialPicker id={id} label={label} value={value} context={context} onChange={onChange} />;
  if (name === "code")
    return (
      <div className="flex flex-col gap-1.5">
        <Label htmlFor={id}>{label}</Label>
        <textarea
          id={id}
          spellCheck={false}
          className="min-h-40 whitespace-pre rounded-md border border-zinc-300 bg-zinc-50 p-2 font-mono text-xs"
          value={String(value ?? property.default ?? "")}
          onChange={(event) => onChange(event.target.value)}
        />
      </div>
    );
  if (property.enum)
    return (
      <div className="flex flex-col gap-1.5">
        <Label htmlFor={id}>{label}</Label>
        <Select id={id} value={String(value ?? property.default ?? "")} onChange={(event) => onChange(event.target.value)}>
          {property.enum.map((option) => (
            <option key={option} value={option}>
              {optionLabel(property, option)}
            </option>
          ))}
        </Select>
      </div>
    );
  if (property.type === "boolean")
    return (
      <label className="flex items-center gap-2 text-sm text-zinc-700">
        <input type="checkbox" checked={Boolean(value ?? property.default)} onChange={(event) => onChange(event.target.checked)} /> {label}
      </label>
    );
  if (property.type === "number" || property.type === "integer")
    return (
      <div className="flex flex-col gap-1.5">
        <Label htmlFor={id}>{label}</Label>
        <Input
          id={id}
          type="number"
          min={property.minimum}
          max={property.maximum}
          placeholder={property.default === undefined ? "" : String(property.default)}
          value={value === undefined ? "" : String(value)}
          onChange={(event) => onChange(event.target.value === "" ? undefined : Number(event.target.value))}
        />
      </div>
    );
  if (property.type === "array" && property.items?.type === "object")
    return <ObjectList id={id} label={label} item={property.items} value={value} context={context} onChange={onChange} />;
  if (property.type === "array") {
    // edited as lines, saved when the field loses focus (keyed so undo shows the restored list)
    const lines = Array.isArray(value) ? value.join("\n") : "";
    return (
      <div className="flex flex-col gap-1.5">
        <Label htmlFor={id}>{label}</Label>
        <textarea
          key={lines}
          id={id}
          className="min-h-14 rounded-md border border-zinc-300 bg-white p-2 text-sm"
          defaultValue={lines}
          onBlur={(event) =>
            onChange(
              event.target.value
                .split("\n")
                .map((line) => line.trim())
                .filter(Boolean),
            )
          }
        />
      </div>
    );
  }
  if (property.type === "object" && property.properties)
    return (
      <fieldset className="flex flex-col gap-2 rounded-md border border-zinc-200 p-2.5" aria-label={label}>
        <legend className="px-1 text-sm font-medium text-zinc-700">{label}</legend>
        <ObjectFields id={id} properties={property.properties} value={value} context={context} onChange={onChange} />
      </fieldset>
    );
  if (property.type === "object")
    return (
      <div className="flex flex-col gap-1.5">
        <Label htmlFor={id}>{label}</Label>
        <textarea
          id={id}
          className="min-h-16 rounded-md border border-zinc-300 p-2 font-mono text-xs"
          defaultValue={JSON.stringify(value ?? property.default ?? {}, null, 1)}
          onBlur={(event) => {
            try {
              onChange(JSON.parse(event.target.value));
            } catch {
              event.target.setCustomValidity("Not valid JSON");
              event.target.reportValidity();
            }
          }}
        />
      </div>
    );
  return (
    <div className="flex flex-col gap-1.5">
      <Label htmlFor={id}>{label}</Label>
      {longText.has(name) ? (
        <textarea
          id={id}
          className={`min-h-24 rounded-md border border-zinc-300 p-2 text-sm ${name === "schema" ? "font-mono text-xs" : ""}`}
          value={String(value ?? property.default ?? "")}
          onChange={(event) => onChange(event.target.value)}
        />
      ) : (
        <Input
          id={id}
          value={String(value ?? "")}
          placeholder={property.default === undefined ? "" : String(property.default)}
          onChange={(event) => onChange(event.target.value)}
        />
      )}
    </div>
  );
}
