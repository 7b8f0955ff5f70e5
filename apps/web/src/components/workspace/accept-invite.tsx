"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { FieldError } from "@/components/ui/input";
import { api } from "@/lib/api";

export function AcceptInvite({ token }: { token: string }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  return (
    <div className="flex flex-col gap-2">
      <Button
        onClick={async () => {
          try {
            const { workspace } = await api<{ workspace: { id: string } }>(`/api/invites/${token}`, { method: "POST" });
            router.push(`/w/${workspace.id}/bots`);
          } catch (caught) {
            setError((caught as Error).message);
          }
        }}
      >
        Accept invitation
      </Button>
      <FieldError message={error} />
    </div>
  );
}
