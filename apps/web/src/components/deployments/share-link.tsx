"use client";
import { ExternalLink } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { FieldError, Input, Label, Select } from "@/components/ui/input";
import { api } from "@/lib/api";
import { useApiAction } from "@/lib/use-api-action";
import type { PATCH as updateDeployment } from "@/app/api/workspaces/[workspaceId]/deployments/[deploymentId]/route";
import type { ResponseOf } from "@/server/route";
import { CopyBlock } from "./copy-block";

interface Appearance {
  chatTitle: string | null;
  chatGreeting: string | null;
  chatAccent: string | null;
  chatTheme: string | null;
}

/**
 * The share link: a switch for the hosted chat page, its address and QR code while it is on, and how
 * the chat looks there (title, greeting, accent colour, theme; the embed snippet uses them too).
 */
export function ShareLink({
  path,
  url,
  qrCode,
  initialEnabled,
  appearance,
  defaults,
  canEdit,
}: {
  path: string;
  url: string;
  /** The link as a QR code (an SVG data URL made on the server). */
  qrCode: string;
  initialEnabled: boolean;
  appearance: Appearance;
  defaults: { title: string; greeting: string; accent: string };
  canEdit: boolean;
}) {
  const router = useRouter();
  const [enabled, setEnabled] = useState(initialEnabled);
  const { error, pending: busy, run } = useApiAction();

  async function patch(body: Record<string, unknown>) {
    await run(async () => {
      const { deployment } = await api<ResponseOf<typeof updateDeployment>>(path, { method: "PATCH", body });
      setEnabled(deployment.shareEnabled);
      router.refresh();
    });
  }

  function saveAppearance(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const text = (name: string) => String(form.get(name) ?? "");
    void patch({
      chatTitle: text("chatTitle"),
      chatGreeting: text("chatGreeting"),
      chatAccent: text("chatAccent") === defaults.accent && !appearance.chatAccent ? null : text("chatAccent"),
      chatTheme: text("chatTheme"),
    });
  }

  return (
    <div className="flex flex-col gap-4">
      <label className="flex items-center gap-3 text-sm font-medium text-zinc-800">
        <button
          type="button"
          role="switch"
          aria-checked={enabled}
          aria-label="Share link"
          disabled={!canEdit || busy}
          onClick={() => patch({ shareEnabled: !enabled })}
          className={`relative inline-flex h-6 w-11 shrink-0 items-center rounded-full transition-colors disabled:opacity-50 ${enabled ? "bg-indigo-600" : "bg-zinc-300"}`}
        >
          <span
            className={`inline-block h-5 w-5 rounded-full bg-white shadow transition-transform ${enabled ? "translate-x-5" : "translate-x-0.5"}`}
          />
        </button>
        {enabled ? "On: anyone with the link can chat with this bot" : "Off: the link answers 404"}
      </label>
      {enabled && (
        <div className="flex items-start gap-5">
          <img src={qrCode} alt={`QR code of ${url}`} width={136} height={136} className="rounded-md border border-zinc-200 bg-white" />
          <div className="flex min-w-0 flex-1 flex-col gap-2">
            <CopyBlock label="Share link" code={url} />
            <a
              href={url}
              target="_blank"
              rel="noreferrer"
              className="inline-flex items-center gap-1 text-sm font-medium text-indigo-700 hover:underline"
            >
              Open the chat page <ExternalLink className="h-3.5 w-3.5" />
            </a>
          </div>
        </div>
      )}
      <form onSubmit={saveAppearance} className="grid grid-cols-2 gap-3" aria-label="Chat appearance">
        <div className="flex flex-col gap-1">
          <Label htmlFor="chat-title">Title</Label>
          <Input
            id="chat-title"
            name="chatTitle"
            maxLength={80}
            defaultValue={appearance.chatTitle ?? ""}
            placeholder={defaults.title}
            disabled={!canEdit}
          />
        </div>
        <div className="flex flex-col gap-1">
          <Label htmlFor="chat-greeting">Greeting</Label>
          <Input
            id="chat-greeting"
            name="chatGreeting"
            maxLength={500}
            defaultValue={appearance.chatGreeting ?? ""}
            placeholder={defaults.greeting}
            disabled={!canEdit}
          />
        </div>
        <div className="flex flex-col gap-1">
          <Label htmlFor="chat-accent">Accent colour</Label>
          <Input
            id="chat-accent"
            name="chatAccent"
            type="color"
            defaultValue={appearance.chatAccent ?? defaults.accent}
            disabled={!canEdit}
            className="w-20 p-1"
          />
        </div>
        <div className="flex flex-col gap-1">
          <Label htmlFor="chat-theme">Theme</Label>
          <Select id="chat-theme" name="chatTheme" defaultValue={appearance.chatTheme ?? "light"} disabled={!canEdit}>
            <option value="light">Light</option>
            <option value="dark">Dark</option>
            <option value="auto">Follow the visitor&apos;s system</option>
          </Select>
        </div>
        {canEdit && (
          <div className="col-span-2">
            <Button type="submit" size="sm" variant="outline" disabled={busy}>
              Save appearance
            </Button>
          </div>
        )}
      </form>
      <FieldError message={error} />
    </div>
  );
}
