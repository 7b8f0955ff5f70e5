"use client";
import { Check, Copy, UserPlus } from "lucide-react";
import { useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { FieldError, Input, Select } from "@/components/ui/input";
import { api } from "@/lib/api";

interface Member {
  id: string;
  email: string;
  name: string | null;
  role: string;
}

export function MembersPanel({ workspaceId, isOwner, members }: { workspaceId: string; isOwner: boolean; members: Member[] }) {
  const [link, setLink] = useState<string | null>(null);
  const [copied, setCopied] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function invite(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setError(null);
    try {
      const result = await api<{ link: string }>(`/api/workspaces/${workspaceId}/invites`, {
        body: { email: form.get("email"), role: form.get("role") },
      });
      setLink(result.link);
      setCopied(false);
    } catch (caught) {
      setError((caught as Error).message);
    }
  }

  return (
    <Card>
      <CardHeader>
        <CardTitle>Members</CardTitle>
      </CardHeader>
      <CardContent className="flex flex-col gap-4">
        <ul className="divide-y divide-zinc-100" aria-label="Members">
          {members.map((member) => (
            <li key={member.id} className="flex items-center justify-between py-2 text-sm">
              <span>
                <span className="font-medium">{member.name ?? member.email}</span> <span className="text-zinc-500">{member.email}</span>
              </span>
              <span className="rounded-full bg-zinc-100 px-2 py-0.5 text-xs lowercase text-zinc-600">{member.role}</span>
            </li>
          ))}
        </ul>
        {isOwner && (
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
        )}
      </CardContent>
    </Card>
  );
}
