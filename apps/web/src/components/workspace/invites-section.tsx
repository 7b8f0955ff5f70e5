"use client";
// Inviting people by link, and the invites not accepted yet, each revocable until it is used.
import { Check, Copy, UserPlus } from "lucide-react";
import { useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { FieldError, Input, Select } from "@/components/ui/input";
import { api } from "@/lib/api";
import { ago } from "@/lib/time";
import { useApiAction } from "@/lib/use-api-action";
import type { POST as createInvite } from "@/app/api/workspaces/[workspaceId]/invites/route";
import type { ResponseOf } from "@/server/route";

export interface PendingInvite {
  id: string;
  email: string;
  role: string;
  expiresAt: string;
}

export function InvitesSection({ workspaceId, initial }: { workspaceId: string; initial: PendingInvite[] }) {
  const [invites, setInvites] = useState(initial);
  const [link, setLink] = useState<string | null>(null);
  const [copied, setCopied] = useState(false);
  const { error, run } = useApiAction();
  const base = `/api/workspaces/${workspaceId}/invites`;

  async function invite(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    await run(async () => {
      const result = await api<ResponseOf<typeof createInvite>>(base, {
        body: { email: form.get("email"), role: form.get("role") },
      });
      setInvites((current) => [result.invite, ...current]);
      setLink(result.link);
      setCopied(false);
    });
  }

  async function revoke(id: string) {
    await run(async () => {
      await api(`${base}/${id}`, { method: "DELETE" });
      setInvites((current) => current.filter((other) => other.id !== id));
      setLink(null);
    });
  }

  return (
    <div className="flex flex-col gap-3">
      <form onSubmit={invite} className="flex flex-col gap-2">
        <div className="flex gap-2">
          <Input name="email" type="email" placeholder="colleague@example.com" aria-label="Email to invite" required />
          <Select name="role" aria-label="Role" defaultValue="EDITOR" className="w-32">
            <option value="EDITOR">Editor</option>
            <option value="VIEWER">Viewer</option>
            <option value="OWNER">Owner</option>
          </Select>
          <Button type="submit">
            <UserPlus className="h-4 w-4" /> Invite
          </Button>
        </div>
        <FieldError message={error} />
        {link && (
          <div className="flex items-center gap-2 rounded-md bg-indigo-50 p-2 text-sm">
            <code className="min-w-0 flex-1 truncate" aria-label="Invite link">
              {link}
            </code>
            <Button
              type="button"
              size="sm"
              variant="outline"
              onClick={async () => {
                await navigator.clipboard?.writeText(link).catch(() => undefined);
                setCopied(true);
              }}
            >
              {copied ? <Check className="h-4 w-4" /> : <Copy className="h-4 w-4" />} {copied ? "Copied" : "Copy link"}
            </Button>
          </div>
        )}
        {link && <p className="text-xs text-zinc-500">Send this link to them; it works once and expires in 7 days.</p>}
      </form>
      {invites.length > 0 && (
        <div className="flex flex-col gap-1">
          <h3 className="text-xs font-medium uppercase tracking-wide text-zinc-500">Pending invites</h3>
          <ul className="divide-y divide-zinc-100" aria-label="Pending invites">
            {invites.map((pending) => {
              const expired = new Date(pending.expiresAt) < new Date();
              return (
                <li key={pending.id} className="flex items-center justify-between gap-3 py-2 text-sm">
                  <span className="min-w-0 flex-1 truncate">{pending.email}</span>
                  <span className="text-xs text-zinc-500">{expired ? "expired" : `expires ${ago(pending.expiresAt)}`}</span>
                  <span className="rounded-full bg-zinc-100 px-2 py-0.5 text-xs lowercase text-zinc-600">{pending.role}</span>
                  <Button size="sm" variant="ghost" aria-label={`Revoke invite for ${pending.email}`} onClick={() => revoke(pending.id)}>
                    Revoke
                  </Button>
                </li>
              );
            })}
          </ul>
        </div>
      )}
    </div>
  );
}
