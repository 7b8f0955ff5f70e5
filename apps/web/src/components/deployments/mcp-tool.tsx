"use client";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { FieldError, Label } from "@/components/ui/input";
import { api } from "@/lib/api";
import { useApiAction } from "@/lib/use-api-action";
import type { PATCH as updateDeployment } from "@/app/api/workspaces/[workspaceId]/deployments/[deploymentId]/route";
import type { ResponseOf } from "@/server/route";

/** The description MCP clients read for this deployment's tool; empty falls back to a default naming the bot. */
export function McpToolDescription({
  path,
  initial,
  placeholder,
  canEdit,
}: {
  path: string;
  initial: string | null;
  placeholder: string;
  canEdit: boolean;
}) {
  const router = useRouter();
  const [value, setValue] = useState(initial ?? "");
  const [saved, setSaved] = useState(initial ?? "");
  const { error, run } = useApiAction();

  async function save(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    await run(async () => {
      const { deployment } = await api<ResponseOf<typeof updateDeployment>>(path, {
        method: "PATCH",
        body: { mcpDescription: value },
      });
      setValue(deployment.mcpDescription ?? "");
      setSaved(deployment.mcpDescription ?? "");
      router.refresh();
    });
  }

  return (
    <form onSubmit={save} className="flex flex-col gap-2">
      <Label htmlFor="mcp-description">Tool description</Label>
      <textarea
        id="mcp-description"
        rows={2}
        maxLength={1000}
        value={value}
        placeholder={placeholder}
        disabled={!canEdit}
        onChange={(event) => setValue(event.target.value)}
        className="w-full rounded-md border border-zinc-300 bg-white px-3 py-2 text-sm text-zinc-900 shadow-sm placeholder:text-zinc-400 focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500 disabled:opacity-50"
      />
      <p className="text-xs text-zinc-500">What an agent reads to decide when to call this bot. Empty: the default shown.</p>
      {canEdit && (
        <div>
          <Button type="submit" size="sm" variant="outline" disabled={value.trim() === saved}>
            Save description
          </Button>
        </div>
      )}
      <FieldError message={error} />
    </form>
  );
}
