"use client";
import { KeySquare } from "lucide-react";
import { useState, type FormEvent } from "react";
import { CopyBlock } from "@/components/deployments/copy-block";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { FieldError, Input, Label } from "@/components/ui/input";
import { api } from "@/lib/api";
import { useApiAction } from "@/lib/use-api-action";
import { ago } from "@/lib/time";
import type { POST as createApiKey } from "@/app/api/workspaces/[workspaceId]/api-keys/route";
import type { ResponseOf } from "@/server/route";

interface ApiKey {
  id: string;
  name: string;
  prefix: string;
  scopes: string[];
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

// evals and mcp are opt-in: a key made for a chat app should not also start and stop eval runs, nor
// hand every deployment to an agent as a tool
const scopes = [
  { value: "chat", label: "Chat completions and feedback", checked: true },
  { value: "models", label: "List models", checked: true },
  { value: "mcp", label: "MCP tools (deployments)", checked: false },
  { value: "evals", label: "Run evals (CI)", checked: false },
  { value: "approvals", label: "Answer approvals", checked: false },
];

export function ApiKeysPanel({ workspaceId, canEdit, initialKeys }: { workspaceId: string; canEdit: boolean; initialKeys: ApiKey[] }) {
  const [keys, setKeys] = useState(initialKeys);
  const [secret, setSecret] = useState<string | null>(null);
  const { error, run } = useApiAction();
  const base = `/api/workspaces/${workspaceId}/api-keys`;

  async function create(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    await run(async () => {
      const created = await api<ResponseOf<typeof createApiKey>>(base, {
        body: { name: String(form.get("name") ?? ""), scopes: form.getAll("scopes") },
      });
      setKeys((current) => [created.apiKey, ...current]);
      setSecret(created.secret);
      formElement.reset();
    });
  }

  async function revoke(id: string) {
    await run(async () => {
      await api(`${base}/${id}`, { method: "DELETE" });
      setKeys((current) => current.map((key) => (key.id === id ? { ...key, revokedAt: new Date().toISOString() } : key)));
    });
  }

  return (
    <Card id="api-keys">
      <CardHeader>
        <CardTitle>API keys</CardTitle>
        <p className="text-sm text-zinc-500">
          For the OpenAI-compatible API at <code>/api/v1</code> and the evals API (CI). A key is shown once when created; only its hash is
          stored.
        </p>
      </CardHeader>
      <CardContent className="flex flex-col gap-4">
        {secret && (
          <div className="flex flex-col gap-2 rounded-lg border border-emerald-200 bg-emerald-50 p-3" role="status">
            <p className="text-sm font-medium text-emerald-800">Copy your new key now: it will not be shown again.</p>
            <CopyBlock label="New key secret" code={secret} />
            <Button size="sm" variant="ghost" className="self-end" onClick={() => setSecret(null)}>
              I have copied it
            </Button>
          </div>
        )}
        {keys.length ? (
          <ul className="divide-y divide-zinc-100" aria-label="Issued keys">
            {keys.map((key) => (
              <li key={key.id} className="flex items-center gap-3 py-2 text-sm">
                <KeySquare className="h-4 w-4 text-zinc-400" />
                <span className="font-medium">{key.name}</span>
                <code className="text-xs text-zinc-500">{key.prefix}…</code>
                <span className="text-xs text-zinc-500">{key.scopes.join(", ")}</span>
                <span className="ml-auto text-xs text-zinc-400">
                  {key.revokedAt ? "revoked" : key.lastUsedAt ? `used ${ago(key.lastUsedAt)}` : "never used"}
                </span>
                {canEdit && !key.revokedAt && (
                  <Button size="sm" variant="ghost" aria-label={`Revoke ${key.name}`} onClick={() => revoke(key.id)}>
                    Revoke
                  </Button>
                )}
              </li>
            ))}
          </ul>
        ) : (
          <p className="text-sm text-zinc-500">No API keys yet.</p>
        )}
        {canEdit && (
          <form onSubmit={create} className="flex flex-wrap items-end gap-4 border-t border-zinc-100 pt-4">
            <div className="flex min-w-56 flex-1 flex-col gap-1.5">
              <Label htmlFor="api-key-name">Key label</Label>
              <Input id="api-key-name" name="name" placeholder="Production server" required maxLength={80} />
            </div>
            <fieldset className="flex gap-4 pb-2">
              <legend className="sr-only">Scopes</legend>
              {scopes.map((scope) => (
                <label key={scope.value} className="flex items-center gap-1.5 text-sm text-zinc-700">
                  <input type="checkbox" name="scopes" value={scope.value} defaultChecked={scope.checked} className="accent-indigo-600" />
                  {scope.label}
                </label>
              ))}
            </fieldset>
            <Button type="submit">Create key</Button>
          </form>
        )}
        <FieldError message={error} />
      </CardContent>
    </Card>
  );
}
