"use client";
import { Plus, Rocket } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { FieldError, Input, Label, Select } from "@/components/ui/input";
import { api } from "@/lib/api";
import { useApiAction } from "@/lib/use-api-action";
import { ago } from "@/lib/time";
import { EmptyState } from "@/components/ui/empty-state";
import { ItemList, ItemRow, ItemTitle } from "@/components/ui/item-list";
import { FormCard } from "@/components/ui/form-card";
import { PageHeader } from "@/components/ui/page-header";
import type { POST as createDeployment } from "@/app/api/workspaces/[workspaceId]/deployments/route";
import type { ResponseOf } from "@/server/route";

interface DeploymentRow {
  id: string;
  slug: string;
  botName: string;
  version: number;
  origins: number;
  updatedAt: string;
}

interface DeployableBot {
  id: string;
  name: string;
  versions: number[];
}

const slugFrom = (name: string) =>
  name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "")
    .slice(0, 63) || "bot";

export function DeploymentList({
  workspaceId,
  canEdit,
  deployments,
  bots,
}: {
  workspaceId: string;
  canEdit: boolean;
  deployments: DeploymentRow[];
  bots: DeployableBot[];
}) {
  const router = useRouter();
  const [creating, setCreating] = useState(false);
  const [botId, setBotId] = useState(bots[0]?.id ?? "");
  const { error, run } = useApiAction();
  const bot = bots.find((candidate) => candidate.id === botId);

  async function create(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    await run(async () => {
      const { deployment } = await api<ResponseOf<typeof createDeployment>>(`/api/workspaces/${workspaceId}/deployments`, {
        body: { botId, version: Number(form.get("version")), slug: String(form.get("slug") ?? "").trim(), allowedOrigins: [] },
      });
      router.push(`/w/${workspaceId}/deployments/${deployment.id}`);
    });
  }

  return (
    <div className="mx-auto max-w-5xl px-8 py-8">
      <PageHeader
        className="mb-6"
        title="Deployments"
        description="Published bots: a chat widget for any website and an OpenAI-compatible API."
        actions={
          canEdit && (
            <Button
              onClick={() => setCreating(true)}
              disabled={!bots.length}
              title={bots.length ? undefined : "Publish a bot version first"}
            >
              <Plus className="h-4 w-4" /> New deployment
            </Button>
          )
        }
      />

      {creating && bot && (
        <FormCard onSubmit={create} className="grid grid-cols-[1fr_8rem_1fr_auto] items-end gap-3 p-4">
          <div className="flex flex-col gap-1.5">
            <Label htmlFor="deploy-bot">Bot</Label>
            <Select id="deploy-bot" value={botId} onChange={(event) => setBotId(event.target.value)}>
              {bots.map((candidate) => (
                <option key={candidate.id} value={candidate.id}>
                  {candidate.name}
                </option>
              ))}
            </Select>
          </div>
          <div className="flex flex-col gap-1.5">
            <Label htmlFor="deploy-version">Version</Label>
            <Select id="deploy-version" name="version" key={bot.id}>
              {bot.versions.map((number) => (
                <option key={number} value={number}>
                  v{number}
                </option>
              ))}
            </Select>
          </div>
          <div className="flex flex-col gap-1.5">
            <Label htmlFor="deploy-slug">Slug (API model name)</Label>
            <Input id="deploy-slug" name="slug" key={bot.id} defaultValue={slugFrom(bot.name)} required maxLength={63} />
          </div>
          <div className="flex gap-2">
            <Button type="submit">Deploy</Button>
            <Button type="button" variant="ghost" onClick={() => setCreating(false)}>
              Cancel
            </Button>
          </div>
          <div className="col-span-4">
            <FieldError message={error} />
          </div>
        </FormCard>
      )}

      {deployments.length === 0 ? (
        <EmptyState icon={Rocket} title="No deployments yet">
          {bots.length
            ? "Deploy a published version to get an embed snippet and an API model."
            : "Publish a version of a bot in its editor first."}
        </EmptyState>
      ) : (
        <ItemList label="Deployments">
          {deployments.map((deployment) => (
            <ItemRow key={deployment.id} icon={Rocket} tint="emerald">
              <ItemTitle href={`/w/${workspaceId}/deployments/${deployment.id}`} name={deployment.botName}>
                <code>{deployment.slug}</code> · {deployment.origins} allowed origin{deployment.origins === 1 ? "" : "s"} · updated{" "}
                {ago(deployment.updatedAt)}
              </ItemTitle>
              <span className="rounded-full bg-zinc-100 px-2.5 py-0.5 text-xs font-medium text-zinc-700">v{deployment.version}</span>
            </ItemRow>
          ))}
        </ItemList>
      )}
    </div>
  );
}
