"use client";
import { Bot, Copy, Pencil, Plus, Search, Trash2 } from "lucide-react";
import { useRouter } from "next/navigation";
import { useMemo, useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { FieldError, Input } from "@/components/ui/input";
import { api } from "@/lib/api";
import { useApiAction } from "@/lib/use-api-action";
import { ago } from "@/lib/time";
import { EmptyState } from "@/components/ui/empty-state";
import { ItemList, ItemRow, ItemTitle } from "@/components/ui/item-list";
import { PageHeader } from "@/components/ui/page-header";
import { GettingStarted, type Progress } from "@/components/new-bot/getting-started";
import { ImportFlowButton } from "@/components/new-bot/import-flow-button";
import { NewBotPanel } from "@/components/new-bot/new-bot-panel";
import type { GalleryTemplate, ProviderOption, StoreOption } from "@/components/new-bot/types";
import type { POST as createBot } from "@/app/api/workspaces/[workspaceId]/bots/route";
import type { POST as duplicateBot } from "@/app/api/workspaces/[workspaceId]/bots/[botId]/duplicate/route";
import type { ResponseOf } from "@/server/route";

interface BotSummary {
  id: string;
  name: string;
  description: string;
  updatedAt: string;
}

export function BotList(props: {
  workspaceId: string;
  canEdit: boolean;
  initialBots: BotSummary[];
  templates: GalleryTemplate[];
  providers: ProviderOption[];
  stores: StoreOption[];
  progress: Omit<Progress, "bot">;
}) {
  const { workspaceId, canEdit, initialBots } = props;
  const router = useRouter();
  const [bots, setBots] = useState(initialBots);
  const [query, setQuery] = useState("");
  const [creating, setCreating] = useState(false);
  const [renaming, setRenaming] = useState<string | null>(null);
  const [confirmDelete, setConfirmDelete] = useState<string | null>(null);
  const { error, setError, run } = useApiAction();
  const base = `/api/workspaces/${workspaceId}/bots`;

  const visible = useMemo(() => {
    const needle = query.trim().toLowerCase();
    return needle ? bots.filter((bot) => bot.name.toLowerCase().includes(needle) || bot.description.toLowerCase().includes(needle)) : bots;
  }, [bots, query]);

  const create = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const name = String(new FormData(event.currentTarget).get("name") ?? "");
    return run(async () => {
      const { bot } = await api<ResponseOf<typeof createBot>>(base, { body: { name } });
      setBots((current) => [bot, ...current]);
      setCreating(false);
      router.refresh();
    });
  };

  const rename = (event: FormEvent<HTMLFormElement>, id: string) => {
    event.preventDefault();
    const name = String(new FormData(event.currentTarget).get("name") ?? "");
    return run(async () => {
      await api(`${base}/${id}`, { method: "PATCH", body: { name } });
      setBots((current) => current.map((bot) => (bot.id === id ? { ...bot, name, updatedAt: new Date().toISOString() } : bot)));
      setRenaming(null);
    });
  };

  const duplicate = (id: string) =>
    run(async () => {
      const { bot } = await api<ResponseOf<typeof duplicateBot>>(`${base}/${id}/duplicate`, { method: "POST" });
      setBots((current) => [bot, ...current]);
    });

  const openBot = (id: string) => router.push(`/w/${workspaceId}/bots/${id}`);

  const remove = (id: string) =>
    run(async () => {
      await api(`${base}/${id}`, { method: "DELETE" });
      setBots((current) => current.filter((bot) => bot.id !== id));
      setConfirmDelete(null);
    });

  return (
    <div className="mx-auto max-w-5xl px-8 py-8">
      <PageHeader
        className="mb-6"
        title="Bots"
        description="Each bot is a flow of prompts, models and tools you design on a canvas."
        actions={
          canEdit && (
            <div className="flex items-center gap-2">
              <ImportFlowButton workspaceId={workspaceId} onImported={openBot} onError={setError} />
              <Button onClick={() => setCreating(true)}>
                <Plus className="h-4 w-4" /> New bot
              </Button>
            </div>
          )
        }
      />

      <GettingStarted workspaceId={workspaceId} progress={{ ...props.progress, bot: bots.length > 0 }} />

      {creating && (
        <NewBotPanel
          workspaceId={workspaceId}
          templates={props.templates}
          providers={props.providers}
          stores={props.stores}
          onCreateBlank={create}
          onCancel={() => setCreating(false)}
          onCreated={openBot}
        />
      )}

      <div className="relative mb-4">
        <Search className="pointer-events-none absolute left-3 top-2.5 h-4 w-4 text-zinc-400" />
        <Input
          className="pl-9"
          placeholder="Search bots"
          aria-label="Search bots"
          value={query}
          onChange={(event) => setQuery(event.target.value)}
        />
      </div>
      <FieldError message={error} />

      {visible.length === 0 ? (
        <EmptyState icon={Bot} title={bots.length ? "No bot matches your search" : "No bots yet"}>
          {!bots.length && "Create one to start designing its flow."}
        </EmptyState>
      ) : (
        <ItemList label="Bots">
          {visible.map((bot) => (
            <ItemRow key={bot.id} icon={Bot} tint="indigo">
              {renaming === bot.id ? (
                <form onSubmit={(event) => rename(event, bot.id)} className="flex min-w-0 flex-1 gap-2">
                  <Input name="name" defaultValue={bot.name} aria-label="New name" autoFocus required maxLength={100} />
                  <Button size="sm" type="submit">
                    Save
                  </Button>
                  <Button size="sm" type="button" variant="ghost" onClick={() => setRenaming(null)}>
                    Cancel
                  </Button>
                </form>
              ) : (
                <ItemTitle href={`/w/${workspaceId}/bots/${bot.id}`} name={bot.name}>
                  {bot.description || "No description"} · edited {ago(bot.updatedAt)}
                </ItemTitle>
              )}
              {canEdit && renaming !== bot.id && (
                <div className="flex items-center gap-1 opacity-60 group-hover:opacity-100">
                  {confirmDelete === bot.id ? (
                    <>
                      <span className="text-sm text-zinc-600">Delete “{bot.name}”?</span>
                      <Button size="sm" variant="destructive" onClick={() => remove(bot.id)}>
                        Delete
                      </Button>
                      <Button size="sm" variant="ghost" onClick={() => setConfirmDelete(null)}>
                        Keep
                      </Button>
                    </>
                  ) : (
                    <>
                      <Button size="icon" variant="ghost" aria-label={`Rename ${bot.name}`} onClick={() => setRenaming(bot.id)}>
                        <Pencil className="h-4 w-4" />
                      </Button>
                      <Button size="icon" variant="ghost" aria-label={`Duplicate ${bot.name}`} onClick={() => duplicate(bot.id)}>
                        <Copy className="h-4 w-4" />
                      </Button>
                      <Button size="icon" variant="ghost" aria-label={`Delete ${bot.name}`} onClick={() => setConfirmDelete(bot.id)}>
                        <Trash2 className="h-4 w-4" />
                      </Button>
                    </>
                  )}
                </div>
              )}
            </ItemRow>
          ))}
        </ItemList>
      )}
    </div>
  );
}
