"use client";
// Variants typed one by one: per variant, each model node's provider and model, each Retrieve
// node's top-k (so "top-k 1 vs 4" is an eval like a model change) and each Router node pinned to one
// route or left to decide (so a routed bot's point on the chart has each model's point beside it).
// The drafts and the variants they send are in variant-drafts.ts.
import { Trash2 } from "lucide-react";
import type { FormFlow } from "./eval-target-fields";
import { ProviderOptions } from "./provider-options";
import type { VariantDraft } from "./variant-drafts";
import { Button } from "@/components/ui/button";
import { Input, Select } from "@/components/ui/input";

export function TypedVariants({
  flow,
  credentials,
  variants,
  onChange,
}: {
  flow: FormFlow | undefined;
  credentials: { id: string; name: string }[];
  variants: VariantDraft[];
  onChange: (variants: VariantDraft[]) => void;
}) {
  const change = (index: number, next: (variant: VariantDraft) => VariantDraft) =>
    onChange(variants.map((entry, at) => (at === index ? next(entry) : entry)));
  const setModel = (index: number, nodeId: string, model: Partial<{ credentialId: string; model: string }>) =>
    change(index, (entry) => ({ ...entry, models: { ...entry.models, [nodeId]: { ...entry.models[nodeId]!, ...model } } }));
  return variants.map((variant, index) => (
    <div key={index} className="flex flex-col gap-3 rounded-lg border border-zinc-200 p-4">
      <div className="flex items-center gap-2">
        <Input
          aria-label={`Variant ${index + 1} name`}
          className="max-w-64"
          value={variant.label}
          placeholder={`Variant ${index + 1}`}
          onChange={(event) => change(index, (entry) => ({ ...entry, label: event.target.value }))}
        />
        {variants.length > 1 && (
          <Button
            variant="ghost"
            size="icon"
            aria-label={`Remove variant ${index + 1}`}
            onClick={() => onChange(variants.filter((_, at) => at !== index))}
          >
            <Trash2 className="h-4 w-4 text-zinc-400" />
          </Button>
        )}
      </div>
      {(flow?.modelNodes ?? []).map((node) => (
        <div key={node.id} className="grid grid-cols-[8rem_1fr_1fr] items-center gap-2 text-sm">
          <span className="font-mono text-xs text-zinc-500">#{node.id}</span>
          <Select
            aria-label={`Variant ${index + 1} ${node.id} provider`}
            value={variant.models[node.id]?.credentialId ?? node.credentialId}
            onChange={(event) => setModel(index, node.id, { credentialId: event.target.value })}
          >
            <ProviderOptions credentials={credentials} />
          </Select>
          <Input
            aria-label={`Variant ${index + 1} ${node.id} model`}
            value={variant.models[node.id]?.model ?? node.model}
            onChange={(event) => setModel(index, node.id, { model: event.target.value })}
          />
        </div>
      ))}
      {(flow?.routerNodes ?? []).map((node) => (
        <div key={node.id} className="grid grid-cols-[8rem_1fr] items-center gap-2 text-sm">
          <span className="font-mono text-xs text-zinc-500">#{node.id}</span>
          <Select
            aria-label={`Variant ${index + 1} ${node.id} route`}
            value={variant.pins?.[node.id] ?? ""}
            onChange={(event) => change(index, (entry) => ({ ...entry, pins: { ...entry.pins, [node.id]: event.target.value } }))}
          >
            <option value="">{node.mode === "learned" ? "The learned router decides" : "The router decides"}</option>
            {node.routes.map((route) => (
              <option key={route.name} value={route.name}>
                {route.name === route.model ? `Only ${route.model}` : `Only route ${route.name} (${route.model})`}
              </option>
            ))}
          </Select>
        </div>
      ))}
      {(flow?.retrieveNodes ?? []).map((node) => (
        <div key={node.id} className="grid grid-cols-[8rem_auto_1fr] items-center gap-2 text-sm">
          <span className="font-mono text-xs text-zinc-500">#{node.id}</span>
          <Input
            aria-label={`Variant ${index + 1} ${node.id} passages`}
            type="number"
            min={1}
            max={50}
            className="w-24"
            value={variant.topK?.[node.id] ?? node.topK}
            onChange={(event) => change(index, (entry) => ({ ...entry, topK: { ...entry.topK, [node.id]: Number(event.target.value) } }))}
          />
          <span className="text-xs text-zinc-500">passages retrieved (top-k)</span>
        </div>
      ))}
    </div>
  ));
}
