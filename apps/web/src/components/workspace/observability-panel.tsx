"use client";
import { Activity, RefreshCw } from "lucide-react";
import { useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { FieldError, Input, Label } from "@/components/ui/input";
import { api } from "@/lib/api";
import { useApiAction } from "@/lib/use-api-action";
import type { GET as readSettings, PUT as saveSettings } from "@/app/api/workspaces/[workspaceId]/observability/route";
import type { ResponseOf } from "@/server/route";

/** The settings as the API answers them (dates as ISO strings); null when never configured. */
export type TelemetryExportView = NonNullable<ResponseOf<typeof readSettings>["settings"]>;

/** `Authorization: Bearer …` lines → headers; a line without a colon is reported, not guessed at. */
function parseHeaders(text: string): { name: string; value: string }[] {
  return text
    .split("\n")
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => {
      const colon = line.indexOf(":");
      if (colon < 1) throw new Error(`Write each header as Name: value (not "${line.slice(0, 40)}")`);
      return { name: line.slice(0, colon).trim(), value: line.slice(colon + 1).trim() };
    });
}

const number = new Intl.NumberFormat("en");

const ENDPOINT_LABEL = "OTLP/HTTP traces endpoint";

/** Settings → Observability: where the workspace's runs go as OpenTelemetry traces, and how that is going. */
export function ObservabilityPanel({
  workspaceId,
  isOwner,
  initial,
}: {
  workspaceId: string;
  isOwner: boolean;
  initial: TelemetryExportView | null;
}) {
  const [settings, setSettings] = useState(initial);
  const { error, setError, run } = useApiAction();
  const [endpointError, setEndpointError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  // "Export runs" is off until there is somewhere to export to: it follows the endpoint field (ticked
  // once one is typed) until the person ticks or unticks it themselves, or settings were saved before
  const [enabled, setEnabled] = useState(initial?.enabled ?? false);
  const [enabledChosen, setEnabledChosen] = useState(initial !== null);
  const url = `/api/workspaces/${workspaceId}/observability`;

  async function save(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setError(null);
    setEndpointError(null);
    setSaved(false);
    const endpoint = String(form.get("endpoint") ?? "").trim();
    if (!endpoint) {
      // the same words as the API's refusal, without the round trip
      setEndpointError(
        enabled ? `Enter the ${ENDPOINT_LABEL} before turning on Export runs` : `Enter the ${ENDPOINT_LABEL} (the collector's URL)`,
      );
      event.currentTarget.querySelector<HTMLInputElement>("input[name=endpoint]")!.focus();
      return;
    }
    await run(async () => {
      const headerText = String(form.get("headers") ?? "").trim();
      const body = {
        enabled,
        endpoint,
        includeContents: form.get("includeContents") === "on",
        // empty keeps the stored headers; "Remove headers" clears them
        ...(headerText ? { headers: parseHeaders(headerText) } : form.get("clearHeaders") === "on" ? { headers: [] } : {}),
      };
      const next = await api<ResponseOf<typeof saveSettings>>(url, { method: "PUT", body });
      setSettings(next.settings);
      setSaved(true);
      (event.target as HTMLFormElement).querySelector<HTMLTextAreaElement>("textarea[name=headers]")!.value = "";
    });
  }

  async function refresh() {
    const next = await api<ResponseOf<typeof readSettings>>(url);
    setSettings(next.settings);
  }

  return (
    <Card>
      <CardHeader>
        <CardTitle>Observability</CardTitle>
        <p className="text-sm text-zinc-500">
          Send every run as an OpenTelemetry trace (OTLP over HTTP) to Langfuse, Phoenix, Jaeger, Datadog or any collector: a span per step
          and per model call, with models, tokens and cost. The collector is reached like an HTTP request node: public addresses only,
          unless the host is allowed under Network.
        </p>
      </CardHeader>
      <CardContent className="flex flex-col gap-4">
        {settings && (
          <section aria-label="Export status" className="flex flex-wrap items-center gap-x-6 gap-y-1 text-sm">
            <span className="flex items-center gap-1.5">
              <Activity className="h-4 w-4 text-zinc-400" />
              {settings.enabled ? "Exporting" : "Export off"}
            </span>
            <span>
              Spans exported: <strong data-testid="exported-spans">{number.format(settings.exportedSpans)}</strong>
            </span>
            <span>
              Spans dropped: <strong data-testid="dropped-spans">{number.format(settings.droppedSpans)}</strong>
            </span>
            <Button type="button" size="sm" variant="ghost" onClick={refresh} aria-label="Refresh counts">
              <RefreshCw className="h-3.5 w-3.5" />
            </Button>
            {settings.lastError && (
              <p className="w-full text-xs text-amber-700">
                Last failed export{settings.lastErrorAt ? ` (${new Date(settings.lastErrorAt).toLocaleString()})` : ""}:{" "}
                {settings.lastError}
              </p>
            )}
            <p className="w-full text-xs text-zinc-500">
              Spans are dropped, never waited for, when the collector is down, slow or refuses them; runs are not affected.
            </p>
          </section>
        )}
        {isOwner ? (
          <form onSubmit={save} className="flex flex-col gap-4 border-t border-zinc-100 pt-4">
            <div className="flex flex-col gap-1.5">
              <Label htmlFor="otel-endpoint">{ENDPOINT_LABEL}</Label>
              <Input
                id="otel-endpoint"
                name="endpoint"
                type="url"
                maxLength={2000}
                defaultValue={settings?.endpoint ?? ""}
                placeholder="https://collector.example.com/v1/traces"
                aria-invalid={endpointError ? true : undefined}
                aria-describedby={endpointError ? "otel-endpoint-error" : undefined}
                onChange={(event) => {
                  setEndpointError(null);
                  if (!enabledChosen) setEnabled(event.target.value.trim() !== "");
                }}
              />
              {endpointError && (
                <p id="otel-endpoint-error" role="alert" className="text-sm text-red-600">
                  {endpointError}
                </p>
              )}
            </div>
            <div className="flex flex-col gap-1.5">
              <Label htmlFor="otel-headers">Headers</Label>
              <textarea
                id="otel-headers"
                name="headers"
                rows={2}
                className="rounded-md border border-zinc-300 px-3 py-2 font-mono text-xs shadow-sm focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500"
                placeholder={"Authorization: Basic …\nx-api-key: …"}
              />
              <p className="text-xs text-zinc-500">
                One <code>Name: value</code> per line, encrypted and never shown again.{" "}
                {settings?.headerNames.length ? `Set now: ${settings.headerNames.join(", ")} (leave empty to keep them).` : "None set."}
              </p>
              {Boolean(settings?.headerNames.length) && (
                <label className="flex items-center gap-1.5 text-xs text-zinc-700">
                  <input type="checkbox" name="clearHeaders" className="accent-indigo-600" /> Remove the stored headers
                </label>
              )}
            </div>
            <fieldset className="flex flex-col gap-2">
              <legend className="sr-only">Export options</legend>
              <label className="flex items-center gap-2 text-sm text-zinc-700">
                <input
                  type="checkbox"
                  name="enabled"
                  checked={enabled}
                  onChange={(event) => {
                    setEnabled(event.target.checked);
                    setEnabledChosen(true);
                  }}
                  className="accent-indigo-600"
                />
                Export runs
              </label>
              <label className="flex items-center gap-2 text-sm text-zinc-700">
                <input
                  type="checkbox"
                  name="includeContents"
                  defaultChecked={settings?.includeContents ?? false}
                  className="accent-indigo-600"
                />
                Include prompt and reply contents
                <span className="text-xs text-zinc-500">(off: only models, tokens, cost, timings and errors leave Switchyard)</span>
              </label>
            </fieldset>
            <div className="flex items-center gap-3">
              <Button type="submit">Save observability</Button>
              {saved && (
                <span role="status" className="text-sm text-emerald-700">
                  Saved
                </span>
              )}
            </div>
            <FieldError message={error} />
          </form>
        ) : (
          <p className="text-xs text-zinc-400">
            {settings ? `Collector: ${settings.endpoint}. ` : "No collector set. "}Only workspace owners can change where traces go.
          </p>
        )}
      </CardContent>
    </Card>
  );
}
