"use client";
// The workspace's context stores, for the store picker of Retrieve nodes; fetched when the picker
// first shows, so stores created in another tab appear after reopening the inspector.
import { useEffect, useState } from "react";

export interface StoreOption {
  id: string;
  name: string;
  chunkCount: number;
}

export function useContextStores(workspaceId: string, wanted: boolean): StoreOption[] | null {
  const [stores, setStores] = useState<StoreOption[] | null>(null);
  useEffect(() => {
    if (!wanted) return;
    let current = true;
    fetch(`/api/workspaces/${workspaceId}/stores`)
      .then((response) => (response.ok ? (response.json() as Promise<{ stores: StoreOption[] }>) : { stores: [] }))
      .then((body) => current && setStores(body.stores))
      .catch(() => current && setStores([]));
    return () => {
      current = false;
    };
  }, [workspaceId, wanted]);
  return stores;
}
