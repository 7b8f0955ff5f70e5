"use client";
// The workspace's context stores: what each holds, and a form to create one.
import { Library, Plus } from "lucide-react";
import { useRouter } from "next/navigation";
import { describeSupportedExtensions } from "@switchyard/knowledge/formats";
import { useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { FieldError, Input, Label } from "@/components/ui/input";
import { api } from "@/lib/api";
import { EmptyState } from "@/components/ui/empty-state";
import { ItemList, ItemRow, ItemTitle } from "@/components/ui/item-list";
import { useApiAction } from "@/lib/use-api-action";
import { PageHeader } from "@/components/ui/page-header";
import { FormCard } from "@/components/ui/form-card";
import type { POST as createStore } from "@/app/api/workspaces/[workspaceId]/stores/route";
import type { ResponseOf } from "@/server/route";

export interface StoreSummary {
  id: string;
  name: string;
  chunkSize: number;
  chunkOverlap: number;
  documentCount: number;
  chunkCount: number;
}

export function StoreList({ workspaceId, canEdit, stores }: { workspaceId: string; canEdit: boolean; stores: StoreSummary[] }) {
  const router = useRouter();
  const [creating, setCreating] = useState(false);
  const { error, run } = useApiAction();

  async function create(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    await run(async () => {
      const { store } = await api<ResponseOf<typeof createStore>>(`/api/workspaces/${workspaceId}/stores`, {
        body: { name: form.get("name"), chunkSize: Number(form.get("chunkSize")), chunkOverlap: Number(form.get("chunkOverlap")) },
      });
      router.push(`/w/${workspaceId}/stores/${store.id}`);
    });
  }

  return (
    <div className="mx-auto max-w-5xl px-8 py-8">
      <PageHeader
        className="mb-6"
        title="Knowledge"
        description="Context stores hold your documents; a Retrieve node finds the passages a reply should cite."
        actions={
          canEdit &&
          !creating && (
            <Button onClick={() => setCreating(true)}>
              <Plus className="h-4 w-4" /> New store
            </Button>
          )
        }
      />

      {creating && (
        <FormCard onSubmit={create} className="flex flex-wrap items-end gap-3">
          <div className="flex min-w-64 flex-1 flex-col gap-1.5">
            <Label htmlFor="store-name">Name</Label>
            <Input id="store-name" name="name" placeholder="e.g. Support articles" autoFocus required maxLength={80} />
          </div>
          <div className="flex w-36 flex-col gap-1.5">
            <Label htmlFor="store-chunk-size">Chunk size (tokens)</Label>
            <Input id="store-chunk-size" name="chunkSize" type="number" min={50} max={4000} defaultValue={800} required />
          </div>
          <div className="flex w-36 flex-col gap-1.5">
            <Label htmlFor="store-overlap">Overlap (tokens)</Label>
            <Input id="store-overlap" name="chunkOverlap" type="number" min={0} max={1000} defaultValue={100} required />
          </div>
          <Button type="submit">Create store</Button>
          <Button type="button" variant="ghost" onClick={() => setCreating(false)}>
            Cancel
          </Button>
          <div className="basis-full">
            <FieldError message={error} />
          </div>
        </FormCard>
      )}

      {stores.length === 0 ? (
        <EmptyState icon={Library} title="No context stores yet">
          Create one and upload {describeSupportedExtensions("or")} files.
        </EmptyState>
      ) : (
        <ItemList label="Context stores">
          {stores.map((store) => (
            <ItemRow key={store.id} icon={Library} tint="emerald">
              <ItemTitle href={`/w/${workspaceId}/stores/${store.id}`} name={store.name}>
                {store.documentCount} {store.documentCount === 1 ? "document" : "documents"} · {store.chunkCount.toLocaleString("en")}{" "}
                chunks · chunks of {store.chunkSize} tokens, {store.chunkOverlap} overlap
              </ItemTitle>
            </ItemRow>
          ))}
        </ItemList>
      )}
    </div>
  );
}
