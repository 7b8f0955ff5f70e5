"use client";
import { KeyRound, Trash2 } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { FieldError, Input, Label, Select } from "@/components/ui/input";
import { api } from "@/lib/api";

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
const kindLabel = (kind: string) => kinds.find((item) => item.value === kind)?.label.split(" (")[0] ?? kind;

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
  const [error, setError] = useState<string | null>(null);
  const base = `/api/workspaces/${workspaceId}/credentials`;

  async function add(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    const text = (key: string) => String(form.get(key) ?? "").trim() || undefined;
    setError(null);
    try {
      const { credential } = await api<{ credential: Credential }>(base, {
        body: { name: text("name"), kind: text("kind"), baseUrl: text("baseUrl"), apiKey: text("apiKey") },
      });
      setCredentials((current) => [...current, credential].sort((a, b) => a.name.localeCompare(b.name)));
      router.refresh(); // other panels (embeddings) list the credentials too
      formElement.reset();
    } catch (caught) {
      setError((caught as Error).message);
    }
  }

  async function remove(id: string) {
    setError(null);
    try {
      await api(`${base}/${id}`, { method: "DELETE" });
      setCredentials((current) => current.filter((credential) => credential.id !== id));
      router.refresh();
    } catch (caught) {
      setError((caught as Error).message);
    }
  }

  return (
    <Card>
      <CardHeader>
        <CardTitle>Model providers</CardTitle>
        <p className="text-sm text-zinc-500">Keys are encrypted at rest and never shown again after you save them.</p>
      </CardHeader>
      <CardContent className="flex flex-col gap-4">
        {credentials.length ? (
          <ul className="divide-y divide-zinc-100" aria-label="Provider credentials">
            {credentials.map((credential) => (
              <li key={credential.id} className="flex items-center gap-3 py-2 text-sm">
                <KeyRound className="h-4 w-4 text-zinc-400" />
                <span className="font-medium">{credential.name}</span>
                <span className="text-zinc-500">{kindLabel(credential.kind)}</span>
                {credential.baseUrl && <code className="truncate text-xs text-zinc-500">{credential.baseUrl}</code>}
                <span className="ml-auto text-xs text-zinc-400">{credential.hasApiKey ? "key saved" : "no key"}</span>
                {canEdit && (
                  <Button size="icon" variant="ghost" aria-label={`Remove ${credential.name}`} onClick={() => remove(credential.id)}>
                    <Trash2 className="h-4 w-4" />
                  </Button>
                )}
              </li>
            ))}
          </ul>
        ) : (
          <p className="text-sm text-zinc-500">No providers yet. Add one to use its models in your bots.</p>
        )}
        {canEdit && (
          <form onSubmit={add} className="grid grid-cols-2 gap-3 border-t border-zinc-100 pt-4">
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
            <div className="col-span-2 flex items-center justify-between">
              <FieldError message={error} />
              <Button type="submit" className="ml-auto">
                Add provider
              </Button>
            </div>
          </form>
        )}
      </CardContent>
    </Card>
  );
}
