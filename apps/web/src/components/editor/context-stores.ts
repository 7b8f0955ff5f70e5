"use client";
// The workspace's context stores, for the store picker of Retrieve nodes. The last list fetched is
// shown at once (so a picked store shows its name while the list refreshes), then refreshed, so
// stores created in another tab appear when the inspector is reopened.
import { useEffect, useState } from "react";

export interface StoreOption {
  id: string;
  name: string;
  chunkCount: number;
}

const lastFetched = new Map<string, StoreOption[]>();

export function useContextStores(workspaceId: string, wanted: boolean): StoreOption[] | null {
  const [stores, setStores] = useState<StoreOption[] | null>(() => lastFetched.get(workspaceId) ?? null);
  useEffect(() => {
    if (!wanted) return;
    let current = true;
    fetch(`/api/workspaces/${workspaceId}/stores`)
      .then((response) => (response.ok ? (response.json() as Promise<{ stores: StoreOption[] }>) : { stores: [] }))
      .then((body) => {
        lastFetched.set(workspaceId, body.stores);
        if (current) setStores(body.stores);
      })
      .catch(() => current && setStores([]));
    return () => {
      current = false;
    };
  }, [workspaceId, wanted]);
  return stores;
}
