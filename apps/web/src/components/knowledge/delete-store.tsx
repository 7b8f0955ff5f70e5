"use client";
// Deleting a context store, after saying which bots and deployments retrieve from it.
import { Trash2 } from "lucide-react";
import { useRouter } from "next/navigation";
import { Button } from "@/components/ui/button";
import { ConfirmRemoval } from "@/components/workspace/confirm-removal";
import { api } from "@/lib/api";

export function DeleteStore({ workspaceId, storeId, name }: { workspaceId: string; storeId: string; name: string }) {
  const router = useRouter();
  return (
    <ConfirmRemoval
      workspaceId={workspaceId}
      kind="contextStore"
      id={storeId}
      name={name}
      onRemove={async () => {
        await api(`/api/workspaces/${workspaceId}/stores/${storeId}`, { method: "DELETE" });
        router.push(`/w/${workspaceId}/stores`);
        router.refresh();
      }}
      trigger={(open) => (
        <Button size="sm" variant="ghost" onClick={open}>
          <Trash2 className="h-4 w-4" /> Delete store
        </Button>
      )}
    />
  );
}
