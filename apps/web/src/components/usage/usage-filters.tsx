"use client";
// The dashboard's filters live in the URL, so a filtered view can be shared and the page reads them
// on the server like any other request.
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { Input, Label, Select } from "@/components/ui/input";
import { providerName } from "@/lib/format";

interface Props {
  filters: { from: string; to: string; botId?: string; deploymentId?: string; provider?: string; model?: string };
  bots: { id: string; name: string }[];
  deployments: { id: string; slug: string }[];
  models: { provider: string; model: string }[];
}

export function UsageFilters({ filters, bots, deployments, models }: Props) {
  const router = useRouter();
  const pathname = usePathname();
  const search = useSearchParams();
  const providers = [...new Set(models.map((item) => item.provider))];

  function set(name: string, value: string) {
    const next = new URLSearchParams(search);
    if (value) next.set(name, value);
    else next.delete(name);
    router.push(`${pathname}?${next.toString()}`);
  }

  return (
    <div className="flex flex-wrap items-end gap-3 rounded-xl border border-zinc-200 bg-white p-4 shadow-sm">
      <Field label="From" htmlFor="usage-from" narrow>
        <Input id="usage-from" type="date" value={filters.from} max={filters.to} onChange={(event) => set("from", event.target.value)} />
      </Field>
      <Field label="To" htmlFor="usage-to" narrow>
        <Input id="usage-to" type="date" value={filters.to} min={filters.from} onChange={(event) => set("to", event.target.value)} />
      </Field>
      <Field label="Bot" htmlFor="usage-bot">
        <Select id="usage-bot" value={filters.botId ?? ""} onChange={(event) => set("botId", event.target.value)}>
          <option value="">All bots</option>
          {bots.map((bot) => (
            <option key={bot.id} value={bot.id}>
              {bot.name}
            </option>
          ))}
        </Select>
      </Field>
      <Field label="Deployment" htmlFor="usage-deployment">
        <Select id="usage-deployment" value={filters.deploymentId ?? ""} onChange={(event) => set("deploymentId", event.target.value)}>
          <option value="">All traffic</option>
          <option value="none">No deployment (editor, API)</option>
          {deployments.map((deployment) => (
            <option key={deployment.id} value={deployment.id}>
              {deployment.slug}
            </option>
          ))}
        </Select>
      </Field>
      <Field label="Provider" htmlFor="usage-provider">
        <Select id="usage-provider" value={filters.provider ?? ""} onChange={(event) => set("provider", event.target.value)}>
          <option value="">All providers</option>
          {providers.map((provider) => (
            <option key={provider} value={provider}>
              {providerName(provider)}
            </option>
          ))}
        </Select>
      </Field>
      <Field label="Model" htmlFor="usage-model">
        <Select id="usage-model" value={filters.model ?? ""} onChange={(event) => set("model", event.target.value)}>
          <option value="">All models</option>
          {models
            .filter((item) => !filters.provider || item.provider === filters.provider)
            .map((item) => (
              <option key={`${item.provider}/${item.model}`} value={item.model}>
                {item.model}
              </option>
            ))}
        </Select>
      </Field>
    </div>
  );
}

function Field({ label, htmlFor, narrow, children }: { label: string; htmlFor: string; narrow?: boolean; children: React.ReactNode }) {
  return (
    <div className={narrow ? "flex w-36 flex-col gap-1" : "flex w-40 flex-col gap-1"}>
      <Label htmlFor={htmlFor} className="text-xs text-zinc-500">
        {label}
      </Label>
      {children}
    </div>
  );
}
