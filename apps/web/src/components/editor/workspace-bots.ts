"use client";
// The workspace's bots, for the bot picker of Bot and For each nodes; fetched when a picker opens,
// so a bot created in another tab appears when the inspector is reopened.
import { useEffect, useState } from "react";

export interface BotOption {
  id: string;
  name: string;
}

export function useWorkspaceBots(workspaceId: string): BotOption[] | null {
  const [bots, setBots] = useState<BotOption[] | null>(null);
  useEffect(() => {
    let current = true;
    fetch(`/api/workspaces/${workspaceId}/bots`)
      .then((response) => (response.ok ? (response.json() as Promise<{ bots: BotOption[] }>) : { bots: [] }))
      .then((body) => current && setBots(body.bots))
      .catch(() => current && setBots([]));
    return () => {
      current = false;
    };
  }, [workspaceId]);
  return bots;
}
