"use client";
import { KeyRound } from "lucide-react";
import { useRouter } from "next/navigation";
import { useRef, useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { FieldError, Input, Label, Select } from "@/components/ui/input";
import { api } from "@/lib/api";
import { useApiAction } from "@/lib/use-api-action";
import { providerName } from "@/lib/format";
import { ConfirmRemoval } from "./confirm-removal";
import { ConnectionResultLine, type ConnectionResult } from "./connection-result";
import type { POST as testConnection } from "@/app/api/workspaces/[workspaceId]/credentials/test/route";
import type { POST as createCredential } from "@/app/api/workspaces/[workspaceId]/credentials/route";
import type { ResponseOf } from "@/server/route";

interface Credential {
  id: string;
  name: string;
  kind: string;
  baseUrl: string | null;
  hasApiKey: boolean;
}

const kinds = [
  { value: "OPENAI_COMPATIBLE", label: "OpenAI-compatible (vLLM, LM Studio, OpenRouter, Groq…)" },
  { value: "OPENAI", label: "OpenAI" },
  { value: "ANTHROPIC", label: "Anthropic" },
  { value: "GOOGLE", label: "Google" },
  { value: "MISTRAL", label: "Mistral" },
  { value: "OLLAMA", label: "Ollama (local)" },
];

export function CredentialsPanel({
  workspaceId,
  canEdit,
  initialCredentials,
}: {
  workspaceId: string;
  canEdit: boolean;
  initialCredentials: Credential[];
}) {
  const router = useRouter();
  const [credentials, setCredentials] = useState(initialCredentials);
  const { error, run } = useApiAction();
  const [busy, setBusy] = useState(false);
  // the last test of what the form holds; a failed one offers "Save anyway"
  const [formTest, setFormTest] = useState<ConnectionResult | null>(null);
  const [rowTests, setRowTests] = useState<Record<string, ConnectionResult>>({});
  const form = useRef<HTMLFormElement>(null);
  const base = `/api/workspaces/${workspaceId}/credentials`;

  const fields = () => {
    const data = new FormData(form.current!);
    const text = (key: string) => String(data.get(key) ?? "").trim() || undefined;
    return { name: text("name"), kind: text("kind"), baseUrl: text("baseUrl"), apiKey: text("apiKey") };
  };

  const test = async (path: string, body?: unknown): Promise<ConnectionResult> => {
    try {
      const { models } = await api<ResponseOf<typeof testConnection>>(path, { body });
      return { ok: true, models };
    } catch (caught) {
      return { ok: false, message: (caught as Error).message };
    }
  };

  /** Tests what the form holds, then saves it, unless the test failed and the user has not said "save anyway". */
  async function add(event: FormEvent<HTMLFormElement> | null, anyway = false) {
    event?.preventDefault();
    if (!form.current?.reportValidity()) return;
    const { name, ...connection } = fields();
    setBusy(true);
    await run(async () => {
      const result = anyway ? null : await test(`${base}/test`, connection);
      setFormTest(result);
      if (result && !result.ok) return;
      const { credential } = await api<ResponseOf<typeof createCredential>>(base, { body: { name, ...connection } });
      setCredentials((current) => [...current, credential].sort((a, b) => a.name.localeCompare(b.name)));
      if (result) setRowTests((current) => ({ ...current, [credential.id]: result }));
      setFormTest(null);
      router.refresh(); // other panels (embeddings) list the credentials too
      form.current?.reset();
    });
    setBusy(false);
  }

  async function testForm() {
    if (!form.current?.reportValidity()) return;
    const { name: _name, ...connection } = fields();
    setBusy(true);
    setFormTest(await test(`${base}/test`, connection));
    setBusy(false);
  }

  async function testSaved(id: string) {
    const result = await test(`${base}/${id}/models`);
    setRowTests((current) => ({ ...current, [id]: result }));
  }

  async function remove(id: string) {
    await api(`${base}/${id}`, { method: "DELETE" });
    setCredentials((current) => current.filter((credential) => credential.id !== id));
    router.refresh();
  }

  return (
    <Card id="model-providers">
      <CardHeader>
        <CardTitle>Model providers</CardTitle>
        <p className="text-sm text-zinc-500">Keys are encrypted at rest and never shown again after you save them.</p>
      </CardHeader>
      <CardContent className="flex flex-col gap-4">
        {credentials.length ? (
          <ul className="divide-y divide-zinc-100" aria-label="Provider credentials">
            {credentials.map((credential) => (
              <li key={credential.id} className="flex flex-wrap items-center gap-x-3 gap-y-1 py-2 text-sm">
                <KeyRound className="h-4 w-4 text-zinc-400" />
                <span className="font-medium">{credential.name}</span>
                <span className="text-zinc-500">{providerName(credential.kind)}</span>
                {credential.baseUrl && <code className="truncate text-xs text-zinc-500">{credential.baseUrl}</code>}
                <span className="ml-auto text-xs text-zinc-400">{credential.hasApiKey ? "key saved" : "no key"}</span>
                {canEdit && (
                  <Button size="sm" variant="ghost" aria-label={`Test ${credential.name}`} onClick={() => void testSaved(credential.id)}>
                    Test
                  </Button>
                )}
                {canEdit && (
                  <ConfirmRemoval
                    workspaceId={workspaceId}
                    kind="credential"
                    id={credential.id}
                    name={credential.name}
                    onRemove={() => remove(credential.id)}
                  />
                )}
                {rowTests[credential.id] && (
                  <div className="basis-full pl-7">
                    <ConnectionResultLine result={rowTests[credential.id]!} label={`Connection of ${credential.name}`} />
                  </div>
                )}
              </li>
            ))}
          </ul>
        ) : (
          <p className="text-sm text-zinc-500">No providers yet. Add one to use its models in your bots.</p>
        )}
        {canEdit && (
          <form ref={form} onSubmit={(event) => void add(event)} className="grid grid-cols-2 gap-3 border-t border-zinc-100 pt-4">
            <div className="flex flex-col gap-1.5">
              <Label htmlFor="credential-name">Name</Label>
              <Input id="credential-name" name="name" placeholder="Local vLLM" required maxLength={80} />
            </div>
            <div className="flex flex-col gap-1.5">
              <Label htmlFor="credential-kind">Provider</Label>
              <Select id="credential-kind" name="kind" defaultValue="OPENAI_COMPATIBLE">
                {kinds.map((kind) => (
                  <option key={kind.value} value={kind.value}>
                    {kind.label}
                  </option>
                ))}
              </Select>
            </div>
            <div className="flex flex-col gap-1.5">
              <Label htmlFor="credential-base-url">Base URL</Label>
              <Input id="credential-base-url" name="baseUrl" placeholder="http://localhost:8000/v1" />
            </div>
            <div className="flex flex-col gap-1.5">
              <Label htmlFor="credential-key">API key</Label>
              <Input id="credential-key" name="apiKey" type="password" autoComplete="off" placeholder="sk-…" />
            </div>
            {formTest && (
              <div className="col-span-2 flex flex-col gap-1">
                <ConnectionResultLine result={formTest} label="Connection test" />
                {!formTest.ok && (
                  <p className="text-xs text-zinc-600">
                    Not saved. Check the address and key, or save it anyway if the server is down for now.
                  </p>
                )}
              </div>
            )}
            <div className="col-span-2 flex items-center justify-between gap-2">
              <FieldError message={error} />
              <Button type="button" variant="outline" className="ml-auto" disabled={busy} onClick={() => void testForm()}>
                Test connection
              </Button>
              {formTest && !formTest.ok && (
                <Button type="button" variant="outline" disabled={busy} onClick={() => void add(null, true)}>
                  Save anyway
                </Button>
              )}
              <Button type="submit" disabled={busy}>
                Add provider
              </Button>
            </div>
          </form>
        )}
      </CardContent>
    </Card>
  );
}
