"use client";
// Settings → Embeddings: the model that turns chunks and queries into vectors for every context
// store of the workspace. Without one, retrieval is full-text only.
import { useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { FieldError, Input, Label, Select } from "@/components/ui/input";
import { api } from "@/lib/api";
import { useApiAction } from "@/lib/use-api-action";
import type { PUT as saveEmbedding } from "@/app/api/workspaces/[workspaceId]/embedding/route";
import type { ResponseOf } from "@/server/route";

interface Props {
  workspaceId: string;
  canEdit: boolean;
  credentials: { id: string; name: string; kind: string }[];
  initial: { credentialId: string; model: string } | null;
}

export function EmbeddingPanel({ workspaceId, canEdit, credentials, initial }: Props) {
  const [current, setCurrent] = useState(initial);
  const { error, run } = useApiAction();
  const [saved, setSaved] = useState(false);
  const url = `/api/workspaces/${workspaceId}/embedding`;
  const usable = credentials.filter((credential) => credential.kind !== "ANTHROPIC");

  async function save(body: unknown) {
    setSaved(false);
    await run(async () => {
      const { embedding } = await api<ResponseOf<typeof saveEmbedding>>(url, { method: "PUT", body });
      setCurrent(embedding);
      setSaved(true);
    });
  }

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    return save({ credentialId: String(form.get("credentialId") ?? ""), model: String(form.get("model") ?? "") });
  };

  return (
    <Card>
      <CardHeader>
        <CardTitle>Embeddings</CardTitle>
        <p className="text-sm text-zinc-500">
          With an embedding model, context stores add vector similarity to full-text search. Documents uploaded before a change keep their
          old vectors until re-ingested.
        </p>
      </CardHeader>
      <CardContent>
        <form onSubmit={submit} className="flex flex-wrap items-end gap-3">
          <div className="flex min-w-56 flex-1 flex-col gap-1.5">
            <Label htmlFor="embedding-credential">Provider</Label>
            <Select id="embedding-credential" name="credentialId" defaultValue={current?.credentialId ?? ""} disabled={!canEdit} required>
              <option value="">Choose a provider…</option>
              {usable.map((credential) => (
                <option key={credential.id} value={credential.id}>
                  {credential.name}
                </option>
              ))}
            </Select>
          </div>
          <div className="flex min-w-56 flex-1 flex-col gap-1.5">
            <Label htmlFor="embedding-model">Model</Label>
            <Input
              id="embedding-model"
              name="model"
              placeholder="e.g. text-embedding-3-small or nomic-embed-text"
              defaultValue={current?.model ?? ""}
              disabled={!canEdit}
              required
              maxLength={200}
            />
          </div>
          {canEdit && <Button type="submit">Save</Button>}
          {canEdit && current && (
            <Button type="button" variant="ghost" onClick={() => void save({ credentialId: null })}>
              Turn off
            </Button>
          )}
        </form>
        <div className="mt-2 text-sm">
          <FieldError message={error} />
          {saved && (
            <p className="text-emerald-700">
              {current ? `Embedding with ${current.model}.` : "Embeddings are off; retrieval is full-text only."}
            </p>
          )}
          {!canEdit && <p className="text-zinc-500">Only the workspace owner can change this.</p>}
        </div>
      </CardContent>
    </Card>
  );
}
