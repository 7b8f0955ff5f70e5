"use client";
// "Free" beside a local model whose price is unknown: a model on the workspace's own hardware usually
// costs nothing per token, and one click says so instead of a trip to the prices form with two zeros.
import { useRouter } from "next/navigation";
import { Button } from "@/components/ui/button";
import { api } from "@/lib/api";
import { useApiAction } from "@/lib/use-api-action";

export function MarkFreeButton({ workspaceId, provider, model }: { workspaceId: string; provider: string; model: string }) {
  const router = useRouter();
  const { error, pending, run } = useApiAction();

  async function markFree() {
    await run(async () => {
      await api(`/api/workspaces/${workspaceId}/prices`, {
        method: "PUT",
        body: { provider, model, inputPerMillion: 0, outputPerMillion: 0 },
      });
      router.refresh();
    });
  }

  return (
    <>
      <Button type="button" variant="outline" size="sm" disabled={pending} aria-label={`Mark ${model} as free`} onClick={markFree}>
        Free
      </Button>
      {error && (
        <span role="alert" className="ml-2 text-xs font-normal text-red-600">
          {error}
        </span>
      )}
    </>
  );
}
