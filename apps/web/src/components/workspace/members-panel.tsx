"use client";
// Who is in the workspace. Owners invite people, revoke invites not yet accepted, and remove
// members (never the last owner); a removed member loses access with their next request.
import { UserMinus } from "lucide-react";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { FieldError } from "@/components/ui/input";
import { api } from "@/lib/api";
import { InvitesSection, type PendingInvite } from "./invites-section";
import { useApiAction } from "@/lib/use-api-action";

interface Member {
  id: string;
  email: string;
  name: string | null;
  role: string;
}

interface Props {
  workspaceId: string;
  isOwner: boolean;
  currentUserId: string;
  members: Member[];
  invites: PendingInvite[];
}

export function MembersPanel({ workspaceId, isOwner, currentUserId, members: initial, invites }: Props) {
  const [members, setMembers] = useState(initial);
  const [confirming, setConfirming] = useState<string | null>(null);
  const { error, run } = useApiAction();
  const owners = members.filter((member) => member.role === "OWNER").length;

  async function remove(member: Member) {
    await run(async () => {
      await api(`/api/workspaces/${workspaceId}/members/${member.id}`, { method: "DELETE" });
      setMembers((current) => current.filter((other) => other.id !== member.id));
      // removing yourself ends your access here
      if (member.id === currentUserId) window.location.assign("/");
    });
    setConfirming(null);
  }

  return (
    <Card>
      <CardHeader>
        <CardTitle>Members</CardTitle>
      </CardHeader>
      <CardContent className="flex flex-col gap-4">
        <ul className="divide-y divide-zinc-100" aria-label="Members">
          {members.map((member) => {
            const label = member.name ?? member.email;
            const lastOwner = member.role === "OWNER" && owners === 1;
            return (
              <li key={member.id} className="flex items-center justify-between gap-3 py-2 text-sm">
                <span className="min-w-0 flex-1 truncate">
                  <span className="font-medium">{label}</span> <span className="text-zinc-500">{member.email}</span>
                  {member.id === currentUserId && <span className="text-zinc-400"> (you)</span>}
                </span>
                <span className="rounded-full bg-zinc-100 px-2 py-0.5 text-xs lowercase text-zinc-600">{member.role}</span>
                {isOwner &&
                  !lastOwner &&
                  (confirming === member.id ? (
                    <span className="flex items-center gap-1">
                      <span className="text-xs text-zinc-600">Remove {label}?</span>
                      <Button size="sm" variant="destructive" onClick={() => remove(member)}>
                        Remove
                      </Button>
                      <Button size="sm" variant="ghost" onClick={() => setConfirming(null)}>
                        Cancel
                      </Button>
                    </span>
                  ) : (
                    <Button size="sm" variant="ghost" aria-label={`Remove ${label}`} onClick={() => setConfirming(member.id)}>
                      <UserMinus className="h-4 w-4" /> Remove
                    </Button>
                  ))}
              </li>
            );
          })}
        </ul>
        <FieldError message={error} />
        {isOwner && <InvitesSection workspaceId={workspaceId} initial={invites} />}
      </CardContent>
    </Card>
  );
}
