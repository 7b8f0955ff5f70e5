"use client";
// Creating a bot from a template: its name, a provider and model for each model the template asks for
// (a cheap and a strong one where it uses both) and, for a knowledge-base template, a context store.
import type { ModelRole } from "@switchyard/templates";
import { ArrowLeft } from "lucide-react";
import { useState, type FormEvent } from "react";
import { useProviderModels } from "@/components/editor/provider-models";
import { Button } from "@/components/ui/button";
import { FieldError, Input, Label, Select } from "@/components/ui/input";
import type { POST as createFromTemplate } from "@/app/api/workspaces/[workspaceId]/bots/from-template/route";
import { api } from "@/lib/api";
import { useApiAction } from "@/lib/use-api-action";
import type { ResponseOf } from "@/server/route";
import { FlowPicture } from "./flow-picture";
import type { GalleryTemplate, ProviderOption, StoreOption } from "./types";

interface Choice {
  credentialId: string;
  model: string;
}

function ModelChoice(props: {
  workspaceId: string;
  role: GalleryTemplate["roles"][number];
  providers: ProviderOption[];
  value: Choice;
  onChange: (value: Choice) => void;
}) {
  const { role, value, onChange } = props;
  const served = useProviderModels(props.workspaceId, value.credentialId);
  const listId = `models-${role.role}`;
  return (
    <fieldset className="grid grid-cols-[1fr_1fr] gap-2 rounded-md border border-zinc-200 p-3">
      <legend className="px-1 text-sm font-medium">
        {role.label} <span className="font-normal text-zinc-500">— {role.hint}</span>
      </legend>
      <Select
        aria-label={`${role.label}: provider`}
        value={value.credentialId}
        onChange={(event) => onChange({ ...value, credentialId: event.target.value })}
      >
        {props.providers.map((provider) => (
          <option key={provider.id} value={provider.id}>
            {provider.name}
          </option>
        ))}
      </Select>
      <Input
        aria-label={`${role.label}: model`}
        list={listId}
        required
        maxLength={200}
        placeholder={served[0] ? `e.g. ${served[0]}` : "Model name"}
        value={value.model}
        onChange={(event) => onChange({ ...value, model: event.target.value })}
      />
      <datalist id={listId}>
        {served.map((model) => (
          <option key={model} value={model} />
        ))}
      </datalist>
    </fieldset>
  );
}

export function TemplateSetup(props: {
  workspaceId: string;
  template: GalleryTemplate;
  providers: ProviderOption[];
  stores: StoreOption[];
  onBack: () => void;
  onCreated: (botId: string) => void;
}) {
  const { template, providers, stores } = props;
  const [name, setName] = useState(template.name);
  const [models, setModels] = useState<Partial<Record<ModelRole, Choice>>>(() =>
    Object.fromEntries(template.roles.map(({ role }) => [role, { credentialId: providers[0]?.id ?? "", model: "" }])),
  );
  const [storeMode, setStoreMode] = useState<"create" | "existing">(stores.length ? "existing" : "create");
  const [storeName, setStoreName] = useState(`${template.name} documents`);
  const [storeId, setStoreId] = useState(stores[0]?.id ?? "");
  const { error, pending: busy, run } = useApiAction();

  function submit(event: FormEvent) {
    event.preventDefault();
    const store = template.needsStore ? (storeMode === "create" ? { create: storeName } : { id: storeId }) : undefined;
    void run(
      () =>
        api<ResponseOf<typeof createFromTemplate>>(`/api/workspaces/${props.workspaceId}/bots/from-template`, {
          body: { templateId: template.id, name, models, store },
        }),
      ({ bot }) => props.onCreated(bot.id),
    );
  }

  return (
    <form onSubmit={submit} aria-label={`Create from template ${template.name}`} className="flex flex-col gap-4">
      <div className="flex items-center gap-2">
        <Button type="button" variant="ghost" size="sm" onClick={props.onBack}>
          <ArrowLeft className="h-4 w-4" /> All templates
        </Button>
        <h2 className="text-base font-semibold">{template.name}</h2>
      </div>
      <p className="text-sm text-zinc-600">{template.description}</p>
      <div className="rounded-md border border-zinc-200 bg-zinc-50 p-3">
        <FlowPicture picture={template.picture} title={`The ${template.name} flow`} />
      </div>
      <div className="flex flex-col gap-1">
        <Label htmlFor="template-bot-name">Name of the new bot</Label>
        <Input id="template-bot-name" required maxLength={100} value={name} onChange={(event) => setName(event.target.value)} />
      </div>
      {template.roles.map((role) => (
        <ModelChoice
          key={role.role}
          workspaceId={props.workspaceId}
          role={role}
          providers={providers}
          value={models[role.role]!}
          onChange={(value) => setModels((current) => ({ ...current, [role.role]: value }))}
        />
      ))}
      {template.needsStore && (
        <fieldset className="flex flex-col gap-2 rounded-md border border-zinc-200 p-3 text-sm">
          <legend className="px-1 font-medium">Knowledge base (context store)</legend>
          <label className="flex items-center gap-2">
            <input type="radio" name="store-mode" checked={storeMode === "create"} onChange={() => setStoreMode("create")} />
            Create an empty store, to upload documents to
          </label>
          {storeMode === "create" && (
            <Input
              aria-label="New store name"
              required
              maxLength={100}
              value={storeName}
              onChange={(event) => setStoreName(event.target.value)}
            />
          )}
          <label className={`flex items-center gap-2 ${stores.length ? "" : "opacity-50"}`}>
            <input
              type="radio"
              name="store-mode"
              disabled={!stores.length}
              checked={storeMode === "existing"}
              onChange={() => setStoreMode("existing")}
            />
            Use an existing store{stores.length ? "" : " (this workspace has none yet)"}
          </label>
          {storeMode === "existing" && (
            <Select aria-label="Existing store" value={storeId} onChange={(event) => setStoreId(event.target.value)}>
              {stores.map((store) => (
                <option key={store.id} value={store.id}>
                  {store.name}
                </option>
              ))}
            </Select>
          )}
        </fieldset>
      )}
      <FieldError message={error} />
      <div>
        <Button type="submit" disabled={busy}>
          {busy ? "Creating…" : "Create bot"}
        </Button>
      </div>
    </form>
  );
}
