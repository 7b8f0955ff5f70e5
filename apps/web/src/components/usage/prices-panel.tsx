"use client";
// The workspace's model prices: list prices from the catalog, replaced per model by the workspace's
// own (a negotiated rate, or a local model's hardware cost per token, or zero).
import { RotateCcw } from "lucide-react";
import { useRouter } from "next/navigation";
import { useRef, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { FieldError, Input, Label, Select } from "@/components/ui/input";
import { api } from "@/lib/api";
import { LOCAL_PROVIDERS, providerName } from "@/lib/format";
import { useApiAction } from "@/lib/use-api-action";
import { MarkFreeButton } from "./mark-free-button";

export interface PriceRow {
  provider: string;
  model: string;
  listInput: number | null;
  listOutput: number | null;
  /** the workspace's own price, when set */
  own: { inputPerMillion: number; outputPerMillion: number } | null;
}

const providers = ["OPENAI", "ANTHROPIC", "GOOGLE", "MISTRAL", "OPENAI_COMPATIBLE", "OLLAMA"];
const perMillion = (value: number | null) => (value === null ? "–" : `$${value.toLocaleString("en-US", { maximumFractionDigits: 4 })}`);

interface Props {
  workspaceId: string;
  canEdit: boolean;
  rows: PriceRow[];
  /** catalog models, offered while typing a model name */
  suggestions: string[];
}

export function PricesPanel({ workspaceId, canEdit, rows, suggestions }: Props) {
  const router = useRouter();
  const { error, run } = useApiAction();
  const path = `/api/workspaces/${workspaceId}/prices`;
  const providerField = useRef<HTMLSelectElement>(null);
  const modelField = useRef<HTMLInputElement>(null);
  const inputField = useRef<HTMLInputElement>(null);

  /** Fills the form with the row's provider and model, so only the two prices are left to type. */
  function startPricing(row: PriceRow) {
    providerField.current!.value = row.provider;
    modelField.current!.value = row.model;
    inputField.current!.focus();
  }

  async function save(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    await run(async () => {
      await api(path, {
        method: "PUT",
        body: {
          provider: form.get("provider"),
          model: String(form.get("model") ?? ""),
          inputPerMillion: Number(form.get("input")),
          outputPerMillion: Number(form.get("output")),
        },
      });
      formElement.reset();
      router.refresh();
    });
  }

  async function reset(row: PriceRow) {
    await run(async () => {
      await api(path, { method: "DELETE", body: { provider: row.provider, model: row.model } });
      router.refresh();
    });
  }

  return (
    <Card id="prices">
      <CardHeader>
        <CardTitle>Model prices</CardTitle>
        <p className="text-sm text-zinc-600">
          USD per million tokens. Your price replaces the list price for runs from now on (workers pick it up within 30 seconds); past runs
          keep the cost they were charged.
        </p>
      </CardHeader>
      <CardContent className="flex flex-col gap-4">
        {!rows.length && <p className="text-sm text-zinc-500">No model has been called yet, and every model uses its list price.</p>}
        <table className="w-full text-sm">
          <thead>
            <tr className="border-b border-zinc-100 text-left text-xs text-zinc-500">
              <th className="py-2 font-medium">Model</th>
              <th className="py-2 text-right font-medium">List in / out</th>
              <th className="py-2 text-right font-medium">Your price in / out</th>
              <th className="w-10">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={`${row.provider}/${row.model}`} className="border-b border-zinc-50 last:border-0">
                <td className="py-2">
                  <div className="font-medium text-zinc-900">{row.model}</div>
                  <div className="text-xs text-zinc-500">{providerName(row.provider)}</div>
                </td>
                <td className="py-2 text-right tabular-nums text-zinc-600">
                  {perMillion(row.listInput)} / {perMillion(row.listOutput)}
                </td>
                <td className="py-2 text-right tabular-nums">
                  {row.own ? (
                    <span className="font-medium text-indigo-700">
                      {perMillion(row.own.inputPerMillion)} / {perMillion(row.own.outputPerMillion)}
                    </span>
                  ) : row.listInput === null ? (
                    <span className="text-amber-700">price unknown</span>
                  ) : (
                    <span className="text-zinc-400">list price</span>
                  )}
                </td>
                <td className="py-2 text-right">
                  {canEdit && row.own && (
                    <Button variant="ghost" size="icon" aria-label={`Use the list price for ${row.model}`} onClick={() => reset(row)}>
                      <RotateCcw className="h-4 w-4" />
                    </Button>
                  )}
                  {canEdit && !row.own && row.listInput === null && (
                    <span className="flex justify-end gap-1">
                      {LOCAL_PROVIDERS.has(row.provider) && (
                        <MarkFreeButton workspaceId={workspaceId} provider={row.provider} model={row.model} />
                      )}
                      <Button variant="ghost" size="sm" aria-label={`Set a price for ${row.model}`} onClick={() => startPricing(row)}>
                        Set price
                      </Button>
                    </span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {canEdit && (
          <form onSubmit={save} className="flex flex-wrap items-end gap-3 border-t border-zinc-100 pt-4">
            <div className="flex flex-col gap-1">
              <Label htmlFor="price-provider" className="text-xs text-zinc-500">
                Provider
              </Label>
              <Select ref={providerField} id="price-provider" name="provider" defaultValue="OLLAMA" className="w-44">
                {providers.map((provider) => (
                  <option key={provider} value={provider}>
                    {providerName(provider)}
                  </option>
                ))}
              </Select>
            </div>
            <div className="flex flex-1 flex-col gap-1">
              <Label htmlFor="price-model" className="text-xs text-zinc-500">
                Model
              </Label>
              <Input
                ref={modelField}
                id="price-model"
                name="model"
                placeholder="llama3.1:8b"
                required
                maxLength={200}
                list="price-models"
              />
              <datalist id="price-models">
                {[...new Set(suggestions)].map((model) => (
                  <option key={model} value={model} />
                ))}
              </datalist>
            </div>
            <div className="flex flex-col gap-1">
              <Label htmlFor="price-input" className="text-xs text-zinc-500">
                Input $/M
              </Label>
              <Input ref={inputField} id="price-input" name="input" type="number" min="0" step="any" required className="w-28" />
            </div>
            <div className="flex flex-col gap-1">
              <Label htmlFor="price-output" className="text-xs text-zinc-500">
                Output $/M
              </Label>
              <Input id="price-output" name="output" type="number" min="0" step="any" required className="w-28" />
            </div>
            <Button type="submit">Save price</Button>
          </form>
        )}
        <FieldError message={error} />
      </CardContent>
    </Card>
  );
}
